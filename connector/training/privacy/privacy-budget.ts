import { dpSgdSchedule } from './dp-sgd-schedule.js';
import type { PrivacySpend } from './privacy-ledger.js';
import type { PrivacyTerms } from './privacy-terms.js';
import { composeRdp, DEFAULT_ORDERS, epsilonOf, rdpOfSteps } from './rdp-accountant.js';

/** A round under a budget: what the agreement allows, what was spent, and (fit) what it will have spent after. */
export interface BudgetedRound {
  epsilonBudget: number;
  delta: number;
  /** ε spent before this round. */
  spent: number;
  rounds: number;
  /** After this round (fit: the charge added; other tasks: unchanged). */
  after: { epsilon: number; rdp: number[] };
}

/**
 * Decides a round against the agreement's privacy budget (a pure function): undefined when the agreement sets none;
 * otherwise the projection, or a refusal that says why (no δ, no clipping or noise, or the budget would be exceeded).
 * A fit round is DP-SGD over the site's n training rows: its schedule's steps at sampling rate q and noise σ.
 */
export function budgetRound(input: {
  terms: PrivacyTerms;
  spend: PrivacySpend | undefined;
  task: string;
  sampleCount: number;
  plan: { batchSize: number; localEpochs: number };
  clipNorm: number;
  noiseMultiplier: number;
}): { ok: true; round?: BudgetedRound } | { ok: false; reason: string } {
  const { terms, spend } = input;
  if (terms.epsilon === undefined) return { ok: true };
  if (terms.delta === undefined) return { ok: false, reason: 'the agreement sets a privacy budget (fl:epsilon) without the δ to account it at (fl:delta)' };
  if (spend && spend.delta !== terms.delta) return { ok: false, reason: `the privacy ledger accounts this agreement at δ = ${spend.delta}, the agreement says ${terms.delta}` };
  const prior = spend?.rdp ?? DEFAULT_ORDERS.map(() => 0);
  const spent = spend?.epsilon ?? 0;
  const base = { epsilonBudget: terms.epsilon, delta: terms.delta, spent, rounds: spend?.rounds ?? 0 };
  if (input.task !== 'fit') return { ok: true, round: { ...base, after: { epsilon: spent, rdp: prior } } };
  if (!(input.clipNorm > 0 && Number.isFinite(input.clipNorm)) || !(input.noiseMultiplier > 0)) {
    return { ok: false, reason: 'a round under a privacy budget (fl:epsilon) needs a finite clip norm and a positive noise multiplier' };
  }
  const { samplingRate, steps } = dpSgdSchedule(input.sampleCount, input.plan.batchSize, input.plan.localEpochs);
  const rdp = composeRdp(prior, rdpOfSteps(samplingRate, input.noiseMultiplier, steps));
  const epsilon = epsilonOf(rdp, terms.delta).epsilon;
  if (epsilon > terms.epsilon) {
    return {
      ok: false,
      reason: `privacy budget exceeded: this round would bring the ε spent under the agreement to ${epsilon.toFixed(3)}, past its budget fl:epsilon ≤ ${terms.epsilon} at δ = ${terms.delta} (spent so far ${spent.toFixed(3)} in ${base.rounds} rounds)`,
    };
  }
  return { ok: true, round: { ...base, after: { epsilon, rdp } } };
}
