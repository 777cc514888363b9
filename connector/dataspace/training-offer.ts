import { planHash, type TrainingPlan } from '../training/index.js';
import { DATA_SETS, PENGUINS, trainingDataAddress, type DataSet } from '../training/index.js';
import { planFor } from '../training/index.js';

export const TRAINING_PURPOSE = 'https://w3id.org/kontor/purpose/federated-training';

/** The federated-training contract policy (fl: profile, policy/README.md) each site offers its part of a data set under. */
export function trainingPolicy(
  plan: TrainingPlan,
  rounds: number,
  coordinator: string,
  deleteAfter = 'PT1H',
  minSamples = 20,
  tasks = ['fl:fit', 'fl:evaluate'],
  privacy?: { epsilon: number; delta: number },
  secureAggregation?: { threshold: number },
): Record<string, unknown> {
  return {
    '@type': 'Set',
    permission: [
      {
        action: 'use',
        constraint: [
          {
            and: [
              { leftOperand: 'purpose', operator: 'isA', rightOperand: TRAINING_PURPOSE },
              { leftOperand: 'count', operator: 'lteq', rightOperand: rounds, unit: 'fl:TrainingRound' },
              { leftOperand: 'fl:planHash', operator: 'eq', rightOperand: planHash(plan) },
              { leftOperand: 'fl:taskType', operator: 'isAnyOf', rightOperand: tasks },
              { leftOperand: 'fl:localEpochs', operator: 'lteq', rightOperand: plan.localEpochs },
              { leftOperand: 'fl:minSamplesPerRound', operator: 'gteq', rightOperand: minSamples },
              { leftOperand: 'fl:clipNorm', operator: 'lteq', rightOperand: 5 },
              { leftOperand: 'fl:noiseMultiplier', operator: 'gteq', rightOperand: 0.005 },
              { leftOperand: 'recipient', operator: 'eq', rightOperand: coordinator },
              ...(privacy
                ? [
                    { leftOperand: 'fl:epsilon', operator: 'lteq', rightOperand: privacy.epsilon },
                    { leftOperand: 'fl:delta', operator: 'lteq', rightOperand: privacy.delta },
                  ]
                : []),
              ...(secureAggregation ? [{ leftOperand: 'fl:secureAggregation', operator: 'gteq', rightOperand: secureAggregation.threshold }] : []),
            ],
          },
        ],
      },
    ],
    obligation: [
      {
        action: 'delete',
        assignee: coordinator,
        target: 'urn:kontor:artifact-class:model-artifacts',
        constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: deleteAfter }],
        consequence: [{ action: 'inform' }],
      },
    ],
  };
}

const DESCRIBED: Record<DataSet['name'], (part: string) => Record<string, unknown>> = {
  penguins: (island) => ({
    title: `Palmer penguins of ${island} (training only)`,
    description: 'Body measurements; trained on in place, never transferred',
    keywords: ['penguins', 'federated-training'],
    license: 'CC0-1.0',
  }),
  'breast-cancer': (hospital) => ({
    title: `Breast cancer diagnoses at ${hospital} (training only)`,
    description: 'Cell-nucleus measurements of fine-needle aspirates; trained on in place, never transferred',
    keywords: ['breast-cancer', 'federated-training'],
    license: 'CC-BY-4.0',
  }),
};

/** The data set and training plan the demo and `kontor dataspace` use (the demo's privacy settings). */
export function demoTraining(name: DataSet['name']): { dataSet: DataSet; plan: TrainingPlan } {
  const dataSet = DATA_SETS.find((d) => d.name === name) ?? PENGUINS;
  return { dataSet, plan: planFor(dataSet, { clipNorm: 5, noiseMultiplier: 0.01 }, dataSet === PENGUINS ? 3 : 6) };
}

export interface TrainingOfferInput {
  part: string;
  plan: TrainingPlan;
  rounds: number;
  coordinatorDid: string;
  deleteAfter?: string;
  minSamples?: number;
  dataSet?: DataSet;
  /** A differential-privacy budget for the agreement (fl:epsilon, fl:delta). */
  privacy?: { epsilon: number; delta: number };
  /** Secure aggregation as a contract duty (fl:secureAggregation gteq threshold). */
  secureAggregation?: { threshold: number };
}

/**
 * What a site POSTs to its management API to offer its part of a data set for training (rows never leave):
 * the training asset, a members-only access policy, the training contract policy and the contract definition.
 */
export function trainingOfferRequests(o: TrainingOfferInput): { path: string; body: Record<string, unknown> }[] {
  const ds = o.dataSet ?? PENGUINS;
  return [
    { path: '/api/v1/assets', body: { id: `${ds.name}-${o.part.toLowerCase()}`, properties: DESCRIBED[ds.name](o.part), dataAddress: trainingDataAddress(ds, o.part) } },
    {
      path: '/api/v1/policies',
      body: {
        id: 'members-only',
        policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] },
      },
    },
    {
      path: '/api/v1/policies',
      body: {
        id: 'penguin-study',
        description: 'Federated training of a species classifier',
        policy: trainingPolicy(o.plan, o.rounds, o.coordinatorDid, o.deleteAfter, o.minSamples, undefined, o.privacy, o.secureAggregation),
      },
    },
    { path: '/api/v1/contract-definitions', body: { id: 'penguin-study-offer', accessPolicyId: 'members-only', contractPolicyId: 'penguin-study' } },
  ];
}
