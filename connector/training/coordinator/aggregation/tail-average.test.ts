import { afterEach, describe, expect, it } from 'vitest';
import { fakeSites, kitPlan } from '../../../../test/helpers/training-fake-sites.js';
import { runRound } from '../coordinator-round.js';
import { checkAggregation } from './aggregation-plan.js';
import { tailAverageStep } from './tail-average.js';

let kit: Awaited<ReturnType<typeof fakeSites>> | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

describe('tail averaging (aggregation.tailAverage)', () => {
  it('keeps the running model until the last round, which releases the mean of the last k rounds’ models', () => {
    const one = tailAverageStep(3, 5, 2, [9], undefined);
    expect(one).toEqual({ global: [9] });
    const three = tailAverageStep(3, 5, 3, [1, 10], undefined);
    expect(three).toEqual({ global: [1, 10], state: { sum: [1, 10], count: 1 } });
    const four = tailAverageStep(3, 5, 4, [2, 20], three.state);
    expect(four).toEqual({ global: [2, 20], state: { sum: [3, 30], count: 2 } });
    expect(tailAverageStep(3, 5, 5, [6, 60], four.state)).toEqual({ global: [3, 30] });
    expect(tailAverageStep(undefined, 5, 5, [6], undefined)).toEqual({ global: [6] });
    expect(tailAverageStep(1, 5, 5, [6], undefined)).toEqual({ global: [6] });
    // k past the rounds (a 2-round training under k = 3): the mean of every round's model.
    const first = tailAverageStep(3, 2, 1, [2], undefined);
    expect(tailAverageStep(3, 2, 2, [4], first.state)).toEqual({ global: [3] });
  });

  it('is checked in the plan: an integer from 1 to 1000, with any strategy', () => {
    expect(() => checkAggregation({ strategy: 'fedavg', tailAverage: 5 }, 1)).not.toThrow();
    expect(() => checkAggregation({ strategy: 'fedadam', serverLearningRate: 0.1, tailAverage: 5 }, 1)).not.toThrow();
    for (const bad of [0, 1.5, 1001])
      expect(() => checkAggregation({ strategy: 'fedavg', tailAverage: bad }, 1)).toThrow(/aggregation\.tailAverage must be an integer from 1 to 1000/);
  });

  it('has the coordinator evaluate and keep the mean of the last k global models as the last round’s model', async () => {
    kit = await fakeSites(3);
    // Fake site i moves every parameter by 1 + i with 40 + 10·i rows: FedAvg moves the model by 320 / 150 a round.
    const step = 320 / 150;
    let t = kit.training({ plan: { ...kitPlan, aggregation: { strategy: 'fedavg', tailAverage: 2 } }, rounds: 3, global: [0, 0] });
    for (let r = 1; r <= 3; r++) t = await runRound(t, kit.deps);
    const released = (2 * step + 3 * step) / 2;
    expect(t.global[0]).toBeCloseTo(released, 12);
    expect(t.global[1]).toBeCloseTo(released, 12);
    expect(t.metrics.map((m) => m.round)).toEqual([1, 2, 3]);
    expect(t.metrics[1]?.modelHash).toBe(`h:${[2 * step, 2 * step].join(',')}`);
    expect(t.metrics[2]?.modelHash).toBe(`h:${t.global.join(',')}`);
    expect(t.checkpoints.at(-1)?.modelHash).toBe(`h:${t.global.join(',')}`);
    expect(t.tailAverage).toBeUndefined();
  });
});
