import { defineTemplate, TEMPLATE_CONTEXT, type PolicyTemplate } from './policy-template.js';

const PLAN_HASH = /^sha256:[0-9a-f]{64}$/;
const bound = (leftOperand: string, operator: string, value: unknown) => (typeof value === 'number' ? [{ leftOperand, operator, rightOperand: value }] : []);

/** A federated-training offer (fl: profile, policy/README.md, federated-training profile). */
export const FEDERATED_TRAINING_TEMPLATE: PolicyTemplate = defineTemplate({
  id: 'federated-training-offer',
  title: 'Federated-training offer',
  description:
    'A site offers its data for federated training: purpose-bound, a pinned plan, at most `maxRounds` rounds and `localEpochs` epochs, optional privacy bounds, only to the coordinator; per-site updates deleted within `deleteUpdatesWithin` after aggregation.',
  pattern: 'Kontor fl: profile',
  parameters: [
    { name: 'planHash', type: 'string', description: 'sha256:<64 lowercase hex> of the pinned training plan', required: true },
    { name: 'coordinator', type: 'iri', description: 'DID of the coordinator (the only recipient)', required: true },
    { name: 'maxRounds', type: 'integer', description: 'Maximum number of training rounds', required: true, minimum: 1 },
    { name: 'localEpochs', type: 'integer', description: 'Maximum local epochs per round', required: false, default: 5, minimum: 1 },
    { name: 'minSamplesPerRound', type: 'integer', description: 'Minimum samples the site uses per round', required: false, minimum: 1 },
    { name: 'clipNorm', type: 'number', description: 'Maximum L2 clip norm (differential privacy)', required: false, minimum: 0 },
    { name: 'noiseMultiplier', type: 'number', description: 'Minimum DP noise multiplier', required: false, minimum: 0 },
    {
      name: 'epsilon',
      type: 'number',
      description: 'Differential-privacy budget of the agreement: the ε the site may spend at most (its RDP accountant; DP-SGD). Needs delta',
      required: false,
      minimum: 0,
    },
    { name: 'delta', type: 'number', description: 'The δ at which ε is accounted (0 < δ < 1). Needs epsilon', required: false, minimum: 0 },
    { name: 'purpose', type: 'string', description: 'Purpose the training must serve', required: false, default: 'purpose:federated-training' },
    { name: 'deleteUpdatesWithin', type: 'duration', description: 'Coordinator deletes per-site updates within this time after aggregation', required: false, default: 'PT1H' },
    { name: 'target', type: 'iri', description: 'The dataset (optional)', required: false },
    {
      name: 'allowModelExport',
      type: 'boolean',
      description: 'The coordinator may hand the trained model out (fl:exportModel; GET /api/v1/trainings/{id}/model), still only for the purpose above',
      required: false,
      default: false,
    },
  ],
  example: { planHash: `sha256:${'ab'.repeat(32)}`, coordinator: 'did:web:coordinator.example', maxRounds: 50 },
  relate: (v) => {
    if (!PLAN_HASH.test(String(v.planHash))) return { name: 'planHash', message: 'planHash must be sha256: followed by 64 lowercase hex digits' };
    if ((typeof v.epsilon === 'number') !== (typeof v.delta === 'number'))
      return { name: typeof v.epsilon === 'number' ? 'delta' : 'epsilon', message: 'epsilon and delta go together (ε is accounted at δ)' };
    if (typeof v.delta === 'number' && !(v.delta > 0 && v.delta < 1)) return { name: 'delta', message: 'delta must lie between 0 and 1' };
    if (typeof v.epsilon === 'number' && !(v.epsilon > 0)) return { name: 'epsilon', message: 'epsilon must be above 0' };
    return undefined;
  },
  build: (v) => ({
    '@context': TEMPLATE_CONTEXT,
    '@type': 'Set',
    profile: 'https://w3id.org/kontor/fl/',
    ...(typeof v.target === 'string' ? { target: v.target } : {}),
    permission: [
      {
        action: [
          {
            action: 'use',
            refinement: [{ leftOperand: 'fl:taskType', operator: 'isAnyOf', rightOperand: ['fl:fit', 'fl:evaluate', ...(v.allowModelExport === true ? ['fl:exportModel'] : [])] }],
          },
        ],
        constraint: [
          {
            and: [
              { leftOperand: 'purpose', operator: 'isA', rightOperand: { '@id': v.purpose } },
              { leftOperand: 'count', operator: 'lteq', rightOperand: v.maxRounds, unit: 'fl:TrainingRound' },
              { leftOperand: 'fl:planHash', operator: 'eq', rightOperand: v.planHash },
              ...bound('fl:localEpochs', 'lteq', v.localEpochs),
              ...bound('fl:minSamplesPerRound', 'gteq', v.minSamplesPerRound),
              ...bound('fl:clipNorm', 'lteq', v.clipNorm),
              ...bound('fl:noiseMultiplier', 'gteq', v.noiseMultiplier),
              ...bound('fl:epsilon', 'lteq', v.epsilon),
              ...bound('fl:delta', 'lteq', v.delta),
              { leftOperand: 'recipient', operator: 'eq', rightOperand: v.coordinator },
            ],
          },
        ],
      },
    ],
    obligation: [
      {
        action: 'delete',
        assignee: v.coordinator,
        target: 'urn:artifact-class:per-site-updates',
        'fl:anchor': 'fl:aggregationDone',
        constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: { '@value': v.deleteUpdatesWithin, '@type': 'xsd:duration' } }],
      },
    ],
  }),
});
