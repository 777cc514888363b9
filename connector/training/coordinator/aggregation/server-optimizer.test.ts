import { describe, expect, it } from 'vitest';
import { checkAggregation } from './aggregation-plan.js';
import { serverOptimizerStep } from './server-optimizer.js';

describe('FedAdam and FedYogi at the coordinator', () => {
  // By hand (η = 0.1, β1 = 0.9, β2 = 0.99, τ = 1e-3, m0 = 0, v0 = τ²): round 1 Δ = 1, round 2 Δ = 0.5.
  // Adam: m1 = 0.1, v1 = 0.99e-6 + 0.01, x1 = 0.1·0.1 / (√v1 + τ) = 0.0990050489; m2 = 0.14, v2 = 0.99·v1 + 0.0025,
  // x2 = x1 + 0.1·0.14 / (√v2 + τ) = 0.2236048965. Yogi: v1 = 1e-6 + 0.01 (sign(v0 − 1) = −1), x1 = 0.0990049999;
  // v2 = v1 + 0.0025 (sign(v1 − 0.25) = −1), x2 = 0.2231098153.
  it('steps the global model on the FedAvg pseudo-gradient, carrying the moments from round to round', () => {
    for (const [strategy, first, second] of [
      ['fedadam', 0.09900504888254247, 0.22360489652905594],
      ['fedyogi', 0.09900499987500627, 0.22310981530709229],
    ] as const) {
      const plan = { strategy, serverLearningRate: 0.1 };
      const one = serverOptimizerStep(plan, [0], [1], undefined);
      expect(one.params[0]).toBeCloseTo(first, 12);
      const two = serverOptimizerStep(plan, one.params, [(one.params[0] ?? 0) + 0.5], one.state);
      expect(two.params[0]).toBeCloseTo(second, 12);
    }
  });

  it('validates the plan fields, naming each problem', () => {
    expect(() => checkAggregation({ strategy: 'fedadam', serverLearningRate: 0.01, beta1: 0.9, beta2: 0.999, tau: 1e-3 }, 2)).not.toThrow();
    expect(() => checkAggregation({ strategy: 'fedyogi' }, 2)).toThrow(/aggregation\.serverLearningRate \(fedyogi\) must be a number in \(0, 10\]/);
    expect(() => checkAggregation({ strategy: 'fedadam', serverLearningRate: 0.01, beta2: 1 }, 2)).toThrow(/aggregation\.beta2 must be a number in \[0, 1\)/);
    expect(() => checkAggregation({ strategy: 'fedadam', serverLearningRate: 0.01, tau: 0 }, 2)).toThrow(/aggregation\.tau/);
    expect(() => checkAggregation({ strategy: 'fedavg', serverLearningRate: 0.01 }, 2)).toThrow(
      /aggregation\.serverLearningRate applies to fedadam and fedyogi only, not to 'fedavg'/,
    );
  });
});
