import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../core/index.js';
import { validatedPlans } from './validated-plans.js';

/** A check that counts its runs, refuses a plan without features and completes a missing seed (as schema defaults do). */
function countingCheck() {
  const runs = { n: 0 };
  const check = (plan: unknown) => {
    runs.n++;
    const p = plan as { features?: unknown; seed?: number };
    if (!Array.isArray(p.features)) throw new ConnectorError('VALIDATION_FAILED', { detail: 'features are required' });
    if (p.seed === undefined) p.seed = 7;
  };
  return { runs, check };
}

describe('validatedPlans', () => {
  it('should check an identical plan once, and a different one anew', () => {
    const { runs, check } = countingCheck();
    const validate = validatedPlans(check);
    for (let i = 0; i < 5; i++) validate({ features: ['a', 'b'], seed: 1 }); // a new parse of the same body each round
    expect(runs.n).toBe(1);
    validate({ features: ['a', 'c'], seed: 1 });
    expect(runs.n).toBe(2);
  });

  it('should refuse a bad plan every time', () => {
    const { runs, check } = countingCheck();
    const validate = validatedPlans(check);
    for (let i = 0; i < 3; i++) expect(() => validate({ seed: 1 })).toThrow(/features are required/);
    expect(runs.n).toBe(3);
  });

  it('should check again a plan the check completed, so every request gets the completed plan', () => {
    const { runs, check } = countingCheck();
    const validate = validatedPlans(check);
    for (let i = 0; i < 3; i++) {
      const plan: { features: string[]; seed?: number } = { features: ['a'] };
      validate(plan);
      expect(plan.seed).toBe(7);
    }
    expect(runs.n).toBe(3);
  });
});
