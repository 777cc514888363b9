import { dpSgdSchedule } from './dp-sgd-schedule.js';
import type { PrivacySpend } from './privacy-ledger.js';
import type { PrivacyTerms } from './privacy-terms.js';
import { composeRdp, DEFAULT_ORDERS, epsilonOf, rdpOfSteps } from './rdp-accountant.js';

/** A round under a budget: what the agreement allows, what was spent, and (fit) what it will have spent after. */
export interface BudgetedRound {
  epsilonBudget: number;
  delta: number;
  /** ε spent before this round, on this data set by this counterparty (over every agreement between them on it). */
  spent: number;
  /** Rounds charged before this one, on this data set by this counterparty (the ledger's compare-and-swap reads it). */
  rounds: number;
  /** After this round, on this data set by this counterparty (fit: the charge added; other tasks: unchanged). */
  after: { epsilon: number; rdp: number[] };
  /** After this round, this agreement's own share of it: what its ledger row records. */
  own: { epsilon: number; rdp: number[] };
}

/**
 * Decides a round against the agreement's privacy budget (a pure function): undefined when the agreement sets none;
 * otherwise the projection, or a refusal that says why (no δ, no clipping or noise, or the budget would be exceeded).
 * The budget binds the data set and the counterparty, not one agreement: `spends` are those of every agreement this
 * site made with the same counterparty on the same data set (renegotiating the offer starts no fresh budget), and
 * their RDP curves compose (they add, order by order) into what was spent. A fit round is DP-SGD over the site's n
 * training rows: its schedule's steps at sampling rate q and noise σ.
 */
export function budgetRound(input: {
  terms: PrivacyTerms;
  agreementId: string;
  spends: readonly PrivacySpend[];
  task: string;
  sampleCount: number;
  plan: { batchSize: number; localEpochs: number };
  clipNorm: number;
  noiseMultiplier: number;
}): { ok: true; round?: BudgetedRound } | { ok: false; reason: string } {
  const { terms, spends } = input;
  if (terms.epsilon === undefined) return { ok: true };
  if (terms.delta === undefined) return { ok: false, reason: 'the agreement sets a privacy budget (fl:epsilon) without the δ to account it at (fl:delta)' };
  const own = spends.find((s) => s.agreementId === input.agreementId);
  if (own && own.delta !== terms.delta) return { ok: false, reason: `the privacy ledger accounts this agreement at δ = ${own.delta}, the agreement says ${terms.delta}` };
  const zero = DEFAULT_ORDERS.map(() => 0);
  const prior = spends.reduce((rdp, s) => composeRdp(rdp, s.rdp), zero);
  const spent = spends.length > 0 ? epsilonOf(prior, terms.delta).epsilon : 0;
  const ownPrior = own?.rdp ?? zero;
  const base = { epsilonBudget: terms.epsilon, delta: terms.delta, spent, rounds: spends.reduce((n, s) => n + s.rounds, 0) };
  if (input.task !== 'fit') return { ok: true, round: { ...base, after: { epsilon: spent, rdp: prior }, own: { epsilon: own?.epsilon ?? 0, rdp: ownPrior } } };
  if (!(input.clipNorm > 0 && Number.isFinite(input.clipNorm)) || !(input.noiseMultiplier > 0)) {
    return { ok: false, reason: 'a round under a privacy budget (fl:epsilon) needs a finite clip norm and a positive noise multiplier' };
  }
  const { samplingRate, steps } = dpSgdSchedule(input.sampleCount, input.plan.batchSize, input.plan.localEpochs);
  const charge = rdpOfSteps(samplingRate, input.noiseMultiplier, steps);
  const rdp = composeRdp(prior, charge);
  const epsilon = epsilonOf(rdp, terms.delta).epsilon;
  if (epsilon > terms.epsilon) {
    const over = spends.length > 1 ? ` under ${spends.length} agreements` : '';
    return {
      ok: false,
      reason: `privacy budget exceeded: this round would bring the ε spent on this data set by this counterparty to ${epsilon.toFixed(3)}, past its budget fl:epsilon ≤ ${terms.epsilon} at δ = ${terms.delta} (spent so far ${spent.toFixed(3)} in ${base.rounds} rounds${over})`,
    };
  }
  const ownRdp = composeRdp(ownPrior, charge);
  return { ok: true, round: { ...base, after: { epsilon, rdp }, own: { epsilon: epsilonOf(ownRdp, terms.delta).epsilon, rdp: ownRdp } } };
}
