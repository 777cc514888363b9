import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { penguinDataset } from '../data/penguin-dataset.js';
import { createModel } from '../model/create-model.js';
import { buildCheckpoint, restoreCheckpoint } from './round-checkpoint.js';
import { decideRound, RoundTimer, validateStragglerPolicy } from './straggler-rule.js';

const policy = { expectedSites: 3, minSites: 2, cutoffMs: 1000, timeoutMs: 5000 };

describe('straggler rule', () => {
  it('should close at once when every site reported', () => {
    expect(decideRound(policy, { startedAt: 0, now: 1, reported: 3 })).toEqual({ decision: 'close', reason: 'all-reported' });
  });

  it('should close at the cut-off with ≥ minSites, leaving a dead site out', () => {
    const clock = new FixedClock(10_000);
    const timer = new RoundTimer(policy, clock);
    expect(timer.decide(2)).toEqual({ decision: 'wait', nextCheckAt: 11_000 });
    clock.advance(1000);
    expect(timer.decide(2)).toEqual({ decision: 'close', reason: 'cutoff-reached' });
  });

  it('should keep waiting past the cut-off below minSites, then fail at the timeout', () => {
    const clock = new FixedClock(0);
    const timer = new RoundTimer(policy, clock);
    clock.advance(1500);
    expect(timer.decide(1)).toEqual({ decision: 'wait', nextCheckAt: 5000 });
    clock.advance(3500);
    expect(timer.decide(1)).toEqual({ decision: 'fail', reason: 'too-few-sites' });
    expect(timer.decide(2)).toEqual({ decision: 'close', reason: 'cutoff-reached' });
  });

  it('should reject inconsistent policies', () => {
    expect(() => validateStragglerPolicy({ ...policy, minSites: 4 })).toThrow(/minSites/);
    expect(() => validateStragglerPolicy({ ...policy, timeoutMs: 10 })).toThrow(/cutoffMs/);
  });
});

describe('round checkpoint', () => {
  it('should round-trip as plain JSON and detect changed parameters', () => {
    const data = penguinDataset();
    const model = createModel(data.spec);
    const params = Float64Array.from({ length: model.parameterCount }, (_, i) => i / 7 - 1);
    const update = { agreementId: 'a', siteId: 's', round: 1, globalModelHash: 'sha256:g', delta: params, sampleCount: 5, signature: 'x' };
    const cp = buildCheckpoint({ round: 1, spec: data.spec, shape: model.shape, params, previousModelHash: 'sha256:g', updates: [update], closedAt: '2026-01-01T00:00:00.000Z' });
    const copy = JSON.parse(JSON.stringify(cp)) as typeof cp;
    expect(Array.from(restoreCheckpoint(copy))).toEqual(Array.from(params));
    expect(copy.contributors[0]).toMatchObject({ siteId: 's', sampleCount: 5 });
    expect(() => restoreCheckpoint({ ...copy, parameters: copy.parameters.map((v, i) => (i === 0 ? v + 1 : v)) })).toThrow(/hash to/);
  });
});
