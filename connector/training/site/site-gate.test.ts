import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../../core/index.js';
import { COORDINATOR, plan, site, type Site, type SiteOptions, closeSite } from '../../../test/helpers/site-gate-harness.js';
import type { SiteSessionStore } from './site-session.js';
import type { TrainingPlan } from '../training-plan.js';

afterEach(closeSite);

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'served',
    (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail ?? String(e)}`,
  );
const term = (leftOperand: string, operator: string, rightOperand: unknown) => ({ leftOperand, operator, rightOperand });
const filled = (v: number) => new Array<number>(6).fill(v);

/**
 * Every check the gate makes, in its order (caller and token, round, agreement and standing, data, the contract policy
 * in scope `training.round`, the round counter), each as (case → the error code and reason it refuses with). The
 * reason is also what the audit log records.
 */
const refused: { reason: string; at?: SiteOptions; terms?: object[]; agreed?: TrainingPlan; when: (s: Site) => Promise<unknown>; says: RegExp }[] = [
  { reason: 'a token the site did not issue', when: (s) => s.round({}, {}, s.tokens()), says: /^FORBIDDEN: round token refused: signature/ },
  { reason: 'a token issued to another coordinator', when: (s) => s.round({}, { sub: 'did:web:other' }), says: /^FORBIDDEN: round token refused: .*"sub"/ },
  { reason: 'an expired token', when: (s) => s.round({}, {}, undefined, () => s.clock.advance(306_000)), says: /^FORBIDDEN: round token refused: .*"exp"/ },
  { reason: 'a token for another training', when: (s) => s.round({}, { transferId: 't2' }), says: /^POLICY_DENIED: the round token is for another training/ },
  { reason: 'a token for another agreement', when: (s) => s.round({}, { agreementId: 'a2' }), says: /^POLICY_DENIED: the round token is for another training/ },
  { reason: 'a token for another round', when: (s) => s.round({}, { round: 2 }), says: /for another round or task/ },
  { reason: 'a token for another task', when: (s) => s.round({}, { task: 'evaluate' }), says: /^POLICY_DENIED: the round token is for another round or task/ },
  { reason: 'a token for another purpose', when: (s) => s.round({}, { purpose: 'https://w3id.org/kontor/purpose/marketing' }), says: /issued for another purpose/ },
  { reason: 'another global model than the token names', when: (s) => s.round({ global: filled(2) }), says: /global model differs/ },
  {
    reason: 'a global model that does not fit the plan',
    when: (s) => s.round({ global: [0, 0] }, { globalModelHash: 'h:0,0' }),
    says: /^POLICY_DENIED: the global model does not fit the plan/,
  },
  {
    reason: "a global model over the site's norm bound",
    at: { limits: { maxModelNorm: 1 } },
    when: (s) => s.round({ global: filled(1) }, { globalModelHash: `h:${filled(1).join(',')}` }),
    says: /norm 2\.449 exceeds this site's bound 1 \(training\.maxModelNorm\)/,
  },
  {
    reason: 'a revoked agreement',
    when: async (s) => {
      await s.stores.agreements.revoke('a1', s.clock.now());
      return s.round();
    },
    says: /agreement is no longer active/,
  },
  {
    reason: 'a suspended coordinator',
    when: async (s) => {
      await s.stores.suspensions.suspend({ participantId: COORDINATOR, reason: 'no deletion receipt', source: 'missed-deadline', agreementId: 'a1' });
      return s.round();
    },
    says: /suspended: no deletion receipt/,
  },
  {
    reason: 'feature statistics after round 1',
    when: async (s) => {
      await s.round();
      return s.round({ round: 2, task: 'statistics' });
    },
    says: /^POLICY_DENIED: feature statistics are served before round 1 only/,
  },
  {
    reason: 'a replayed round',
    when: async (s) => {
      await s.round();
      return s.round();
    },
    says: /round 1 was already served/,
  },
  {
    reason: 'a round older than the last served',
    when: async (s) => {
      await s.round({ round: 3 });
      return s.round({ round: 2 });
    },
    says: /round 2 was already served or is older than the last served round 3/,
  },
  {
    reason: 'secure aggregation material for a plain plan',
    when: (s) => s.round({ secagg: {} as never }),
    says: /^VALIDATION_FAILED: secagg was sent for a plan without secure aggregation/,
  },
  {
    reason: 'a plan with secure aggregation at a site without it',
    when: (s) => s.round({ plan: { ...plan, secureAggregation: { threshold: 2 } } }),
    says: /^POLICY_DENIED: .*releases its update only masked/,
  },
  { reason: 'a training data set that is gone', at: { findDataset: async () => undefined }, when: (s) => s.round(), says: /^POLICY_DENIED: the training data set is gone/ },
  {
    reason: 'pooled scaling that does not fit the plan',
    when: (s) => s.round({ plan: { ...plan, standardize: 'federated' }, scaling: { mean: [0], std: [1] } }),
    says: /pooled scaling does not fit the plan/,
  },
  {
    reason: 'pooled scaling with a deviation of zero',
    when: (s) => s.round({ plan: { ...plan, standardize: 'federated' }, scaling: { mean: [0, 0], std: [1, 0] } }),
    says: /pooled scaling does not fit the plan/,
  },
  {
    reason: 'a privacy budget at a site without a ledger',
    terms: [term('fl:epsilon', 'lteq', 3)],
    when: (s) => s.round(),
    says: /^POLICY_DENIED: .*fl:epsilon.* keeps no privacy ledger/,
  },
  {
    reason: 'a purpose the agreement does not allow',
    when: (s) => s.round({ purpose: 'https://w3id.org/kontor/purpose/marketing' }),
    says: /purpose isA https:\/\/w3id.org\/kontor\/purpose\/federated-training does not hold: saw "https:\/\/w3id.org\/kontor\/purpose\/marketing"/,
  },
  { reason: 'a plan other than the agreed one', when: (s) => s.round({ plan: { ...plan, localEpochs: 2 } }), says: /fl:planHash eq .* does not hold/ },
  {
    reason: 'an exhausted round budget',
    when: async (s) => {
      await s.round();
      return s.round({ round: 2 });
    },
    says: /count lteq 1 \(fl:TrainingRound\) does not hold: saw 2/,
  },
  {
    reason: 'a task the agreement does not allow',
    terms: [term('fl:taskType', 'isAnyOf', ['fl:evaluate'])],
    when: (s) => s.round(),
    says: /^POLICY_DENIED: fl:taskType isAnyOf .* does not hold/,
  },
  {
    reason: 'more local epochs than agreed',
    terms: [term('fl:localEpochs', 'lteq', 1)],
    agreed: { ...plan, localEpochs: 2 },
    when: (s) => s.round(),
    says: /fl:localEpochs lteq 1 does not hold: saw 2/,
  },
  { reason: 'fewer samples than agreed', terms: [term('fl:minSamplesPerRound', 'gteq', 100)], when: (s) => s.round(), says: /fl:minSamplesPerRound gteq 100 does not hold/ },
  { reason: 'looser clipping than agreed', terms: [term('fl:clipNorm', 'lteq', 1)], when: (s) => s.round(), says: /fl:clipNorm lteq 1 does not hold: saw 5/ },
  { reason: 'less noise than agreed', terms: [term('fl:noiseMultiplier', 'gteq', 1)], when: (s) => s.round(), says: /fl:noiseMultiplier gteq 1 does not hold: saw 0/ },
  { reason: 'a coordinator the agreement does not name', terms: [term('recipient', 'eq', 'did:web:other')], when: (s) => s.round(), says: /^POLICY_DENIED: recipient eq/ },
  { reason: 'a time window that has closed', terms: [term('dateTime', 'lt', '2025-06-01T00:00:00Z')], when: (s) => s.round(), says: /^POLICY_DENIED: dateTime lt/ },
  {
    reason: 'a transfer that ended after the request read its session (the counter decides on the session as it is)',
    at: {
      sessions: (real) =>
        Object.assign(Object.create(real) as SiteSessionStore, {
          advance: async (...args: Parameters<SiteSessionStore['advance']>) => {
            await real.end('t1');
            return real.advance(...args);
          },
        }),
    },
    when: (s) => s.round(),
    says: /replayed token or concurrent request/,
  },
  {
    reason: 'the evaluation of a round whose fit was served, once the coordinator is suspended',
    when: async (s) => {
      await s.round();
      await s.stores.suspensions.suspend({ participantId: COORDINATOR, reason: 'no deletion receipt', source: 'missed-deadline', agreementId: 'a1' });
      return s.round({ task: 'evaluate' });
    },
    says: /suspended: no deletion receipt/,
  },
  {
    reason: 'an evaluation before any training round was served',
    when: (s) => s.round({ task: 'evaluate' }),
    says: /^POLICY_DENIED: an evaluation is served for the training round this session served last \(none yet\) only, not round 1$/,
  },
  {
    reason: 'an evaluation of a round whose fit this session did not serve',
    when: async (s) => {
      await s.round();
      return s.round({ round: 2, task: 'evaluate' });
    },
    says: /served last \(1\) only, not round 2$/,
  },
  {
    reason: 'an evaluation once the round budget is spent, of a round never served (no counting oracle over the held-out rows)',
    at: { backend: { evaluateLocally: async () => ({ sampleCount: 20, accuracy: 0.9, loss: 0.3 }) } },
    when: async (s) => {
      await s.round();
      await s.round({ task: 'evaluate' });
      await s.round({ round: 2 }).catch(() => undefined); // past the budget of one round: refused
      return s.round({ round: 999_999, task: 'evaluate' });
    },
    says: /served last \(1\) only, not round 999999$/,
  },
  {
    reason: 'a second evaluation of the same round',
    at: { backend: { evaluateLocally: async () => ({ sampleCount: 20, accuracy: 0.9, loss: 0.3 }) } },
    when: async (s) => {
      await s.round();
      await s.round({ task: 'evaluate' });
      return s.round({ task: 'evaluate' });
    },
    says: /round 1 was already served or is older than the last served round 1/,
  },
  {
    reason: 'a lost race for the round counter',
    at: { sessions: (real) => Object.assign(Object.create(real) as SiteSessionStore, { advance: async () => false }) },
    when: (s) => s.round(),
    says: /replayed token or concurrent request/,
  },
];

describe('the training site gate', () => {
  it('should serve a round that passes every check, and record it', async () => {
    const s = await site();
    const answer = await s.round();
    expect(answer).toMatchObject({ update: { params: new Array<number>(6).fill(1), sampleCount: 50 }, receipt: 'signed' });
    expect(s.decisions).toEqual([expect.objectContaining({ allowed: true, reason: 'all round checks passed' })]);
  });

  it.each(refused)('should refuse $reason, naming why, and record the refusal', async ({ at, terms, agreed, when, says }) => {
    const s = await site(terms, agreed, at);
    const answer = await refusal(when(s));
    expect(answer).toMatch(says);
    expect(s.decisions.at(-1)).toEqual(expect.objectContaining({ allowed: false, reason: answer.replace(/^[A-Z_]+: /, '') }));
  });

  it.each([
    ["the site's bounds when the plan asks for looser ones", { limits: { maxClipNorm: 2, minNoiseMultiplier: 0.5 } }, { clipNorm: 10, noiseMultiplier: 0.1 }, 2, 0.5],
    ["the plan's when they are stricter than the site's", { limits: { maxClipNorm: 5, minNoiseMultiplier: 0 } }, { clipNorm: 1, noiseMultiplier: 2 }, 1, 2],
  ] as const)('should train with the stricter clipping and noise: %s', async (_case, at, asked, clipNorm, noiseMultiplier) => {
    const agreed = { ...plan, ...asked };
    const s = await site([], agreed, at);
    await s.round({ plan: agreed });
    expect(s.decisions).toEqual([expect.objectContaining({ allowed: true, clipNorm, noiseMultiplier })]);
  });

  it('should serve one evaluation of the round it trained, with a receipt', async () => {
    const s = await site([], plan, { backend: { evaluateLocally: async () => ({ sampleCount: 20, accuracy: 0.9, loss: 0.3 }) } });
    await s.round();
    expect(await s.round({ task: 'evaluate' })).toMatchObject({ evaluation: { sampleCount: 20, accuracy: 0.9 }, receipt: 'signed' });
  });

  it.each([
    [
      'a local update counting no rows',
      { trainLocally: async () => ({ params: filled(1), sampleCount: 0, metrics: { loss: 0.5, accuracy: 0.7 } }) },
      'fit',
      /the local update counts 0 rows/,
    ],
    ['a local update counting -49 rows', { trainLocally: async () => ({ params: filled(1), sampleCount: -49, metrics: { loss: 0.5, accuracy: 0.7 } }) }, 'fit', /counts -49 rows/],
    [
      'a local update with a training accuracy of 7',
      { trainLocally: async () => ({ params: filled(1), sampleCount: 50, metrics: { loss: 0.5, accuracy: 7 } }) },
      'fit',
      /nothing is released: the update is refused: its training metrics/,
    ],
    ['an evaluation counting -20 rows', { evaluateLocally: async () => ({ sampleCount: -20, accuracy: 0.9, loss: 0.3 }) }, 'evaluate', /the evaluation counts -20 rows/],
    [
      'an evaluation with an accuracy of 42',
      { evaluateLocally: async () => ({ sampleCount: 20, accuracy: 42, loss: 0.3 }) },
      'evaluate',
      /its accuracy 42 is not a rate between 0 and 1/,
    ],
    [
      'an evaluation with a negative loss',
      { evaluateLocally: async () => ({ sampleCount: 20, accuracy: 0.9, loss: -1e9 }) },
      'evaluate',
      /its loss -1000000000 is not a finite number of at least 0/,
    ],
  ] as const)('should sign nothing for %s (its backend is wrong)', async (_case, backend, task, says) => {
    const s = await site([], plan, { backend });
    if (task === 'evaluate') await s.round();
    const answer = await refusal(s.round({ task }));
    expect(answer).toMatch(/^TRAINING_DATA_INVALID: /);
    expect(answer).toMatch(says);
  });

  it('under fl:secureAggregation, should refuse a plan without it, and never send a plain update for a plan with it', async () => {
    const term = { leftOperand: 'fl:secureAggregation', operator: 'gteq', rightOperand: 2 };
    const plain = await site([term]);
    expect(await refusal(plain.round())).toMatch(/fl:secureAggregation gteq 2 does not hold: saw 0/);
    const masked = await site([term], { ...plan, secureAggregation: { threshold: 2 } });
    expect(await refusal(masked.round())).toMatch(/releases its update only masked, never in a plain fit round/);
    expect(masked.decisions.at(-1)).toEqual(expect.objectContaining({ allowed: false }));
  });
});
