import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { createPolicyEngine, type EvaluationContext } from '../index.js';
import { POLICY_TEMPLATES, findPolicyTemplate } from './policy-templates.js';

const engine = createPolicyEngine();

function violationsOf(run: () => unknown): { code: string; pointers: string[] } {
  try {
    run();
  } catch (e) {
    if (e instanceof ConnectorError) return { code: e.code, pointers: e.violations.map((v) => v.pointer) };
    throw e;
  }
  throw new Error('expected a ConnectorError');
}

describe('policy templates', () => {
  it('cover the IDS patterns, Catena-X and federated training, with unique ids', () => {
    const ids = POLICY_TEMPLATES.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'usage-during-interval',
        'usage-for-duration',
        'usage-n-times',
        'use-and-delete-after',
        'purpose-restricted',
        'restricted-to-participant',
        'restricted-to-connector',
        'usage-logging',
        'usage-notification',
        'catena-x-usage-offer',
        'catena-x-access-policy',
        'federated-training-offer',
      ]),
    );
  });

  it.each(POLICY_TEMPLATES.map((t) => [t.id, t] as const))('%s: the example instantiates to a policy the engine accepts', (_id, t) => {
    expect(engine.validate(t.instantiate(t.example))).toEqual({ valid: true, problems: [] });
    for (const p of t.parameters) {
      expect(p.description.length).toBeGreaterThan(0);
      if (p.required) expect(t.example).toHaveProperty(p.name);
    }
  });

  it.each(POLICY_TEMPLATES.filter((t) => t.parameters.some((p) => p.required)).map((t) => [t.id, t] as const))(
    '%s: a missing required parameter fails at /parameters/<name>',
    (_id, t) => {
      const required = t.parameters.find((p) => p.required);
      const params = { ...t.example };
      if (required) delete params[required.name];
      expect(violationsOf(() => t.instantiate(params))).toEqual({ code: 'VALIDATION_FAILED', pointers: [`/parameters/${required?.name}`] });
    },
  );

  it.each(POLICY_TEMPLATES.map((t) => [t.id, t] as const))('%s: a wrong type fails at /parameters/<name>', (_id, t) => {
    const first = t.parameters[0];
    if (!first) return;
    const wrong = first.type === 'string' || first.type === 'iri' || first.type === 'dateTime' || first.type === 'duration' ? 42 : 'forty-two';
    expect(violationsOf(() => t.instantiate({ ...t.example, [first.name]: wrong }))).toEqual({ code: 'VALIDATION_FAILED', pointers: [`/parameters/${first.name}`] });
  });

  it('names every bad parameter at once, unknown ones too, and checks relations', () => {
    const t = findPolicyTemplate('usage-during-interval');
    expect(violationsOf(() => t.instantiate({ start: 'soon', colour: 'blue' })).pointers.sort()).toEqual(['/parameters/colour', '/parameters/end', '/parameters/start']);
    expect(violationsOf(() => t.instantiate({ start: '2027-01-01T00:00:00Z', end: '2026-01-01T00:00:00Z' })).pointers).toEqual(['/parameters/end']);
    expect(violationsOf(() => findPolicyTemplate('usage-n-times').instantiate({ times: 0 })).pointers).toEqual(['/parameters/times']);
    expect(violationsOf(() => findPolicyTemplate('catena-x-usage-offer').instantiate({ purposes: ['cx.pcf.base:1'], usageRestrictions: ['cx.anything:1'] })).pointers).toEqual([
      '/parameters/usageRestrictions',
    ]);
    expect(violationsOf(() => findPolicyTemplate('federated-training-offer').instantiate({ planHash: 'md5:x', coordinator: 'did:web:c', maxRounds: 3 })).pointers).toEqual([
      '/parameters/planHash',
    ]);
    const fl = { planHash: `sha256:${'ab'.repeat(32)}`, coordinator: 'did:web:c', maxRounds: 3 };
    expect(violationsOf(() => findPolicyTemplate('federated-training-offer').instantiate({ ...fl, epsilon: 3 })).pointers).toEqual(['/parameters/delta']);
    expect(violationsOf(() => findPolicyTemplate('federated-training-offer').instantiate({ ...fl, epsilon: 3, delta: 1 })).pointers).toEqual(['/parameters/delta']);
    const budget = JSON.stringify(findPolicyTemplate('federated-training-offer').instantiate({ ...fl, epsilon: 3, delta: 1e-5 }));
    expect(budget).toContain('{"leftOperand":"fl:epsilon","operator":"lteq","rightOperand":3}');
    expect(budget).toContain('{"leftOperand":"fl:delta","operator":"lteq","rightOperand":0.00001}');
  });

  it('an unknown template id is NOT_FOUND', () => {
    expect(violationsOf(() => findPolicyTemplate('nope')).code).toBe('NOT_FOUND');
  });

  it('instantiated policies mean what they say', () => {
    const now = '2026-06-15T12:00:00Z';
    const agent = {
      id: 'did:web:consumer.example',
      claims: { credentialTypes: [], membership: { active: true }, frameworkAgreements: [{ name: 'DataExchangeGovernance', version: '1.0' }] },
    };
    const allowed = (id: string, params: Record<string, unknown>, ctx: Partial<EvaluationContext>) =>
      engine.evaluate(engine.parse(findPolicyTemplate(id).instantiate(params)), { scope: 'transfer', now, agent, agreementStart: '2026-06-01T00:00:00Z', ...ctx }).allowed;
    expect(allowed('usage-n-times', { times: 3 }, { usageCount: 2 })).toBe(true);
    expect(allowed('usage-n-times', { times: 3 }, { usageCount: 3 })).toBe(false);
    expect(allowed('usage-for-duration', { duration: 'P7D' }, {})).toBe(false);
    expect(allowed('usage-for-duration', { duration: 'P30D' }, {})).toBe(true);
    expect(allowed('purpose-restricted', { purposes: ['purpose:research'] }, { purpose: 'purpose:federated-training' })).toBe(true);
    expect(allowed('restricted-to-participant', { participant: 'did:web:other.example' }, {})).toBe(false);
    expect(allowed('catena-x-usage-offer', { purposes: ['cx.pcf.base:1'] }, { purpose: 'cx.pcf.base:1' })).toBe(true);
    expect(allowed('catena-x-usage-offer', { purposes: ['cx.pcf.base:1'] }, { purpose: 'cx.pcf.base:1', action: 'distribute' })).toBe(false);
    const deletion = engine.evaluate(engine.parse(findPolicyTemplate('use-and-delete-after').instantiate({ deleteWithin: 'P30D' })), {
      scope: 'transfer',
      now,
      agreementStart: '2026-06-01T00:00:00Z',
    });
    expect(deletion.obligations[0]).toMatchObject({ action: 'delete', deadline: '2026-07-01T00:00:00.000Z' });
  });
});
