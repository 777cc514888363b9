import { describe, expect, it } from 'vitest';
import { aggregateUpdates } from './aggregate-updates.js';
import { checkAggregation } from './aggregation-plan.js';
import { jobSettings } from '../../backend/model-math.js';
import { penguinPlan } from '../../backend/baselines.js';

describe('FedProx in the plan', () => {
  it('needs μ, refuses μ for other strategies and unknown aggregation fields, naming them', () => {
    expect(() => checkAggregation({ strategy: 'fedprox', mu: 0.1 }, 3)).not.toThrow();
    expect(() => checkAggregation({ strategy: 'fedprox' }, 3)).toThrow(/aggregation\.mu \(FedProx\) must be a number in \(0, 100\]/);
    expect(() => checkAggregation({ strategy: 'fedprox', mu: -1 }, 3)).toThrow(/aggregation\.mu/);
    expect(() => checkAggregation({ strategy: 'median', mu: 0.1 }, 3)).toThrow(/aggregation\.mu applies to fedprox only, not to 'median'/);
    expect(() => checkAggregation({ strategy: 'fedavg', momentum: 0.9 } as never, 3)).toThrow(/unknown aggregation field\(s\): momentum/);
  });

  it('hands μ to local training and averages like FedAvg at the coordinator', () => {
    expect(jobSettings(penguinPlan({ aggregation: { strategy: 'fedprox', mu: 0.5 } })).proximalMu).toBe(0.5);
    expect(jobSettings(penguinPlan()).proximalMu).toBeUndefined();
    const updates = [
      { params: [1, 2], sampleCount: 1 },
      { params: [3, 6], sampleCount: 3 },
    ];
    const weighted = (u: typeof updates) => [0, 1].map((p) => u.reduce((s, x) => s + (x.params[p] ?? 0) * x.sampleCount, 0) / 4);
    expect(aggregateUpdates({ strategy: 'fedprox', mu: 0.5 }, updates, { aggregate: weighted })).toEqual([2.5, 5]);
  });
});
