import { describe, expect, it } from 'vitest';
import { CONSUMER_NEGOTIATION_TRANSITIONS, PROVIDER_NEGOTIATION_TRANSITIONS } from '../../connector/negotiation/negotiation-transition-table.js';
import { DSP_NEGOTIATION_STATES } from '../../connector/negotiation/negotiation-state.js';
import { CONSUMER_TRANSFER_TRANSITIONS, PROVIDER_TRANSFER_TRANSITIONS } from '../../connector/transfer/transfer-transition-table.js';
import { DSP_TRANSFER_STATES } from '../../connector/transfer/transfer-state.js';

/** The DSP 2025-1 transition tables (DSP 2025-1, contract negotiation protocol and transfer process protocol, state machines); termination from any non-terminal state (TCK rule). */
const DSP_CN: [string, string][] = [
  ['NONE', 'REQUESTED'],
  ['NONE', 'OFFERED'],
  ['REQUESTED', 'OFFERED'],
  ['REQUESTED', 'AGREED'],
  ['OFFERED', 'REQUESTED'],
  ['OFFERED', 'ACCEPTED'],
  ['ACCEPTED', 'AGREED'],
  ['AGREED', 'VERIFIED'],
  ['VERIFIED', 'FINALIZED'],
  ...['NONE', 'REQUESTED', 'OFFERED', 'ACCEPTED', 'AGREED', 'VERIFIED'].map((s): [string, string] => [s, 'TERMINATED']),
];
const DSP_TP: [string, string][] = [
  ['NONE', 'REQUESTED'],
  ['REQUESTED', 'STARTED'],
  ['STARTED', 'COMPLETED'],
  ['STARTED', 'SUSPENDED'],
  ['SUSPENDED', 'STARTED'],
  ...['NONE', 'REQUESTED', 'STARTED', 'SUSPENDED'].map((s): [string, string] => [s, 'TERMINATED']),
];

/**
 * Collapses a local table onto DSP states: an edge A → B between DSP states (INITIAL counts as NONE) exists when B is
 * reachable from A through local `-ING` states only. The result must equal the DSP pairs the role takes part in.
 */
function wirePairs(table: Record<string, readonly string[]>, dspStates: readonly string[]): Set<string> {
  const isWire = (s: string) => s === 'INITIAL' || dspStates.includes(s);
  const name = (s: string) => (s === 'INITIAL' ? 'NONE' : s);
  const pairs = new Set<string>();
  for (const from of Object.keys(table).filter(isWire)) {
    const seen = new Set<string>();
    const queue = [...(table[from] ?? [])];
    while (queue.length > 0) {
      const s = queue.shift() as string;
      if (seen.has(s)) continue;
      seen.add(s);
      if (isWire(s)) pairs.add(`${name(from)}→${s}`);
      else queue.push(...(table[s] ?? []));
    }
  }
  return pairs;
}

const set = (pairs: [string, string][]) => new Set(pairs.map(([a, b]) => `${a}→${b}`));

describe('negotiation transition tables against the DSP table', () => {
  it.each([
    ['consumer', CONSUMER_NEGOTIATION_TRANSITIONS],
    ['provider', PROVIDER_NEGOTIATION_TRANSITIONS],
  ])('the %s table should allow exactly the DSP transitions', (_role, table) => {
    expect([...wirePairs(table, DSP_NEGOTIATION_STATES)].sort()).toEqual([...set(DSP_CN)].sort());
  });

  it('should let nothing leave FINALIZED or TERMINATED', () => {
    for (const table of [CONSUMER_NEGOTIATION_TRANSITIONS, PROVIDER_NEGOTIATION_TRANSITIONS]) {
      expect(table.FINALIZED).toEqual([]);
      expect(table.TERMINATED).toEqual([]);
    }
  });

  it.each([
    ['OFFERED', 'AGREED'],
    ['ACCEPTED', 'OFFERED'],
    ['OFFERED', 'VERIFIED'],
    ['REQUESTED', 'FINALIZED'],
    ['REQUESTED', 'REQUESTED'],
  ])('should reject %s → %s in both roles', (from, to) => {
    expect(wirePairs(CONSUMER_NEGOTIATION_TRANSITIONS, DSP_NEGOTIATION_STATES).has(`${from}→${to}`)).toBe(false);
    expect(wirePairs(PROVIDER_NEGOTIATION_TRANSITIONS, DSP_NEGOTIATION_STATES).has(`${from}→${to}`)).toBe(false);
  });
});

describe('transfer transition tables against the DSP table', () => {
  it.each([
    ['consumer', CONSUMER_TRANSFER_TRANSITIONS],
    ['provider', PROVIDER_TRANSFER_TRANSITIONS],
  ])('the %s table should allow exactly the DSP transitions', (_role, table) => {
    expect([...wirePairs(table, DSP_TRANSFER_STATES)].sort()).toEqual([...set(DSP_TP)].sort());
  });

  it('should reject REQUESTED → COMPLETED, REQUESTED → SUSPENDED and SUSPENDED → COMPLETED', () => {
    for (const table of [CONSUMER_TRANSFER_TRANSITIONS, PROVIDER_TRANSFER_TRANSITIONS]) {
      const pairs = wirePairs(table, DSP_TRANSFER_STATES);
      for (const bad of ['REQUESTED→COMPLETED', 'REQUESTED→SUSPENDED', 'SUSPENDED→COMPLETED']) expect(pairs.has(bad)).toBe(false);
    }
  });
});
