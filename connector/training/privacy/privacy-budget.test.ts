import { describe, expect, it } from 'vitest';
import { budgetRound } from './privacy-budget.js';
import type { PrivacySpend } from './privacy-ledger.js';
import { composeRdp, epsilonOf, rdpOfSteps } from './rdp-accountant.js';

const plan = { batchSize: 32, localEpochs: 1 };
const fitRound = (spend: PrivacySpend | undefined, noiseMultiplier = 6.65, others: PrivacySpend[] = []) =>
  budgetRound({
    terms: { epsilon: 3, delta: 1e-5 },
    agreementId: 'a',
    spends: [...others, ...(spend ? [spend] : [])],
    task: 'fit',
    sampleCount: 128,
    plan,
    clipNorm: 1,
    noiseMultiplier,
  });

describe('budgetRound (the site gate against fl:epsilon / fl:delta)', () => {
  it('charges a fit round its DP-SGD steps (q = 32/128, 4 steps) and composes with what was spent', () => {
    const first = fitRound(undefined);
    expect(first.ok && first.round?.after.epsilon).toBeCloseTo(epsilonOf(rdpOfSteps(0.25, 6.65, 4), 1e-5).epsilon, 12);
    if (!first.ok || !first.round) throw new Error('expected a round');
    const second = fitRound({ agreementId: 'a', delta: 1e-5, epsilon: first.round.after.epsilon, rdp: first.round.after.rdp, rounds: 1, updatedAt: 0 });
    expect(second.ok && second.round?.after.epsilon).toBeCloseTo(epsilonOf(rdpOfSteps(0.25, 6.65, 8), 1e-5).epsilon, 12);
  });

  it('refuses the round that would pass the budget, saying so', () => {
    let spend: PrivacySpend | undefined;
    let served = 0;
    for (;;) {
      const r = fitRound(spend);
      if (!r.ok) {
        expect(r.reason).toMatch(/privacy budget exceeded: .* past its budget fl:epsilon ≤ 3 at δ = 0.00001/);
        break;
      }
      if (!r.round) throw new Error('expected a round');
      expect(r.round.after.epsilon).toBeLessThanOrEqual(3);
      spend = { agreementId: 'a', delta: 1e-5, epsilon: r.round.after.epsilon, rdp: r.round.after.rdp, rounds: ++served, updatedAt: 0 };
    }
    expect(served).toBeGreaterThan(5);
    expect(served).toBeLessThan(100);
  });

  it('evaluation spends nothing; no budget means no accounting; a budget without δ, clipping or noise is refused', () => {
    const evaluation = budgetRound({ terms: { epsilon: 3, delta: 1e-5 }, agreementId: 'a', spends: [], task: 'evaluate', sampleCount: 128, plan, clipNorm: 1, noiseMultiplier: 0 });
    expect(evaluation.ok && evaluation.round?.after.epsilon).toBe(0);
    expect(budgetRound({ terms: {}, agreementId: 'a', spends: [], task: 'fit', sampleCount: 128, plan, clipNorm: 0, noiseMultiplier: 0 })).toEqual({ ok: true });
    expect(budgetRound({ terms: { epsilon: 3 }, agreementId: 'a', spends: [], task: 'fit', sampleCount: 128, plan, clipNorm: 1, noiseMultiplier: 1 })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/fl:delta/),
    });
    expect(fitRound(undefined, 0)).toMatchObject({ ok: false, reason: expect.stringMatching(/noise/) });
    expect(fitRound({ agreementId: 'a', delta: 1e-6, epsilon: 1, rdp: [], rounds: 1, updatedAt: 0 })).toMatchObject({ ok: false, reason: expect.stringMatching(/δ/) });
  });

  it("composes what other agreements on the same data set with the same counterparty spent, and charges this agreement's own share", () => {
    const step = rdpOfSteps(0.25, 6.65, 4);
    const other: PrivacySpend = { agreementId: 'b', delta: 1e-5, epsilon: epsilonOf(step, 1e-5).epsilon, rdp: step, rounds: 1, updatedAt: 0 };
    const r = fitRound(undefined, 6.65, [other]);
    if (!r.ok || !r.round) throw new Error('expected a round');
    expect(r.round).toMatchObject({ rounds: 1, spent: other.epsilon });
    expect(r.round.after.epsilon).toBeCloseTo(epsilonOf(rdpOfSteps(0.25, 6.65, 8), 1e-5).epsilon, 12);
    expect(r.round.own.rdp).toEqual(
      composeRdp(
        step.map(() => 0),
        step,
      ),
    );
    // A renegotiated agreement starts no fresh budget: with enough spent elsewhere, its very first round is refused.
    const spentElsewhere = { ...other, rdp: rdpOfSteps(0.25, 6.65, 400), rounds: 100 };
    expect(fitRound(undefined, 6.65, [spentElsewhere])).toMatchObject({ ok: false, reason: expect.stringMatching(/on this data set by this counterparty .* in 100 rounds\)/) });
    expect(fitRound(undefined, 6.65)).toMatchObject({ ok: true });
  });
});
