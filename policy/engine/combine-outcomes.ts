import type { Outcome, Status, Trace } from './trace.js';
import { settleAlternative } from './unsettled-alternative.js';

/** Lower rank wins. Conjunction: error > false > deferred > true. Disjunction: error > true > deferred > false. */
const CONJUNCTION: Readonly<Record<Status, number>> = { error: 0, false: 1, deferred: 2, true: 3 };
const DISJUNCTION: Readonly<Record<Status, number>> = { error: 0, true: 1, deferred: 2, false: 3 };

/**
 * Single-pass versions of `all` and `any` from trace.ts for compiled policies: the same status and the
 * same traces in the same order (the winning status's traces), without the repeated scans.
 */
export const allOf = (outcomes: readonly Outcome[]): Outcome => combine(outcomes, CONJUNCTION, 'true');
/** A branch no request settles counts as false (settleAlternative). */
export const anyOf = (outcomes: readonly Outcome[]): Outcome => combine(outcomes.map(settleAlternative), DISJUNCTION, 'false');

function combine(outcomes: readonly Outcome[], rank: Readonly<Record<Status, number>>, empty: Status): Outcome {
  const n = outcomes.length;
  const first = outcomes[0];
  if (n === 0 || first === undefined) return { status: empty, traces: [] };
  let win = first.status;
  let only = first;
  let count = 1;
  for (let i = 1; i < n; i++) {
    const o = outcomes[i] as Outcome;
    if (rank[o.status] < rank[win]) {
      win = o.status;
      only = o;
      count = 1;
    } else if (o.status === win) count += 1;
  }
  if (count === 1) return { status: win, traces: only.traces };
  const traces: Trace[] = [];
  for (const o of outcomes) if (o.status === win) for (const t of o.traces) traces.push(t);
  return { status: win, traces };
}
