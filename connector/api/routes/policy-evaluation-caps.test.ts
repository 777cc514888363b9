import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const items = (n: number) => Array.from({ length: n }, (_, i) => `g${i}`);
const policyOf = (rightOperand: unknown) => ({
  '@type': 'Set',
  permission: [{ action: 'use', constraint: [{ leftOperand: 'kontor:credentialType', operator: 'isAllOf', rightOperand }] }],
});
const evaluate = async (json: unknown) => {
  const res = await c.api('/api/v1/policies/evaluate', { method: 'POST', json });
  return { status: res.status, body: (await res.json()) as { code?: string; errors?: { pointer: string }[]; allowed?: boolean } };
};

describe('/api/v1/policies/evaluate bounds its lists (each costs comparisons)', () => {
  it('should refuse more than 1000 claimed credential types with a 400 naming the pointer', async () => {
    const r = await evaluate({ scope: 'negotiation', policy: policyOf(['g1']), context: { participantId: 'did:web:x', claims: { credentialTypes: items(1001) } } });
    expect(r.status).toBe(400);
    expect(r.body.errors?.map((e) => e.pointer)).toContain('/context/claims/credentialTypes');
  });

  it('should refuse a right operand list of more than 1000 items with a 400 POLICY_INVALID naming its pointer', async () => {
    const r = await evaluate({ scope: 'negotiation', policy: policyOf(items(1001)), context: { participantId: 'did:web:x', claims: { credentialTypes: ['g1'] } } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('POLICY_INVALID');
    expect(r.body.errors?.map((e) => e.pointer)).toContain('/permission/0/constraint/0/rightOperand');
  });

  it('should evaluate 1000 against 1000', async () => {
    const r = await evaluate({ scope: 'negotiation', policy: policyOf(items(1000)), context: { participantId: 'did:web:x', claims: { credentialTypes: items(1000) } } });
    expect(r).toMatchObject({ status: 200, body: { allowed: true } });
  });
});
