import { planHash, type TrainingPlan } from '../../connector/fl/training-plan.js';
import type { DemoNode } from './demo-data-space.js';
import { PENGUINS, trainingDataAddress, type DataSet } from '../../connector/fl/backend/data-sets.js';

export const TRAINING_PURPOSE = 'https://w3id.org/kontor/purpose/federated-training';

/** The federated-training contract policy (fl: profile, design §3.3) each site offers its island's penguins under. */
export function trainingPolicy(plan: TrainingPlan, rounds: number, coordinator: string, deleteAfter = 'PT1H', minSamples = 20, tasks = ['fl:fit', 'fl:evaluate']): Record<string, unknown> {
  return {
    '@type': 'Set',
    permission: [{
      action: 'use',
      constraint: [{ and: [
        { leftOperand: 'purpose', operator: 'isA', rightOperand: TRAINING_PURPOSE },
        { leftOperand: 'count', operator: 'lteq', rightOperand: rounds, unit: 'fl:TrainingRound' },
        { leftOperand: 'fl:planHash', operator: 'eq', rightOperand: planHash(plan) },
        { leftOperand: 'fl:taskType', operator: 'isAnyOf', rightOperand: tasks },
        { leftOperand: 'fl:localEpochs', operator: 'lteq', rightOperand: plan.localEpochs },
        { leftOperand: 'fl:minSamplesPerRound', operator: 'gteq', rightOperand: minSamples },
        { leftOperand: 'fl:clipNorm', operator: 'lteq', rightOperand: 5 },
        { leftOperand: 'fl:noiseMultiplier', operator: 'gteq', rightOperand: 0.005 },
        { leftOperand: 'recipient', operator: 'eq', rightOperand: coordinator },
      ] }],
    }],
    obligation: [{
      action: 'delete', assignee: coordinator, target: 'urn:kontor:artifact-class:model-artifacts',
      constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: deleteAfter }],
      consequence: [{ action: 'inform' }],
    }],
  };
}

const DESCRIBED: Record<DataSet['name'], (part: string) => Record<string, unknown>> = {
  penguins: (island) => ({ title: `Palmer penguins of ${island} (training only)`, description: 'Body measurements; trained on in place, never transferred', keywords: ['penguins', 'federated-training'], license: 'CC0-1.0' }),
  'breast-cancer': (hospital) => ({ title: `Breast cancer diagnoses at ${hospital} (training only)`, description: 'Cell-nucleus measurements of fine-needle aspirates; trained on in place, never transferred', keywords: ['breast-cancer', 'federated-training'], license: 'CC-BY-4.0' }),
};

/** A site publishes its part of a data set as a training asset (rows never leave), a members-only access policy and the offer. */
export async function publishTrainingOffer(site: DemoNode, part: string, plan: TrainingPlan, rounds: number, coordinatorDid: string, deleteAfter = 'PT1H', minSamples = 20, ds: DataSet = PENGUINS): Promise<void> {
  await site.api('POST', '/api/v1/assets', {
    id: `${ds.name}-${part.toLowerCase()}`,
    properties: DESCRIBED[ds.name](part),
    dataAddress: trainingDataAddress(ds, part),
  });
  await site.api('POST', '/api/v1/policies', { id: 'members-only', policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] } });
  await site.api('POST', '/api/v1/policies', { id: 'penguin-study', description: 'Federated training of a species classifier', policy: trainingPolicy(plan, rounds, coordinatorDid, deleteAfter, minSamples) });
  await site.api('POST', '/api/v1/contract-definitions', { id: 'penguin-study-offer', accessPolicyId: 'members-only', contractPolicyId: 'penguin-study' });
}
