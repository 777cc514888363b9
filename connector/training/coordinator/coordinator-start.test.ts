import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import type { TrainingPlan } from '../training-plan.js';
import { Coordinator, type CoordinatorOptions } from './coordinator.js';

const plan = {
  model: 'softmax-regression',
  features: ['bill_length_mm', 'bill_depth_mm'],
  label: 'species',
  classes: ['Adelie', 'Gentoo'],
  localEpochs: 1,
  learningRate: 0.5,
  batchSize: 8,
  scaling: { mean: [43.9, 17.2], std: [5.5, 2.0] },
} as unknown as TrainingPlan;
const agreements = [
  { agreementId: 'ag-1', siteDid: 'did:web:site-1' },
  { agreementId: 'ag-2', siteDid: 'did:web:site-2' },
];

function coordinator() {
  const saved: unknown[] = [];
  const o = {
    clock: new FixedClock(),
    ids: { next: () => String(saved.length + 1) },
    store: {
      save: async (t: unknown) => {
        saved.push(t);
        return t;
      },
    },
    backend: { initialParams: () => ({}) },
  };
  return { coordinator: new Coordinator(o as unknown as CoordinatorOptions), saved };
}

describe('Coordinator.start', () => {
  it('should refuse a minSites above the number of agreements, naming /minSites, and save nothing', async () => {
    const { coordinator: c, saved } = coordinator();
    await expect(c.start({ agreements, plan, purpose: 'p', rounds: 1, minSites: 5 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      violations: [{ pointer: '/minSites', message: 'exceeds the number of agreements (2)' }],
    });
    expect(saved).toEqual([]);
  });

  it('should accept a minSites up to the number of agreements', async () => {
    const { coordinator: c, saved } = coordinator();
    await c.start({ agreements, plan, purpose: 'p', rounds: 1, minSites: 2 });
    expect(saved).toMatchObject([{ minSites: 2 }]);
  });
});
