import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const RESEARCH = 'https://w3id.org/kontor/purpose/research';
const purposePolicy = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: RESEARCH }] }] };
const unknownOperand = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'shoeSize', operator: 'eq', rightOperand: 42 }] }] };

describe('policy validation and evaluation routes', () => {
  it('should accept a valid policy and name the JSON pointer of an unknown term', async () => {
    expect(await (await c.api('/api/v1/policies/validate', { method: 'POST', json: { policy: purposePolicy, usedAs: 'contract' } })).json()).toEqual({
      valid: true,
      problems: [],
      warnings: [],
    });
    const res = await c.api('/api/v1/policies/validate', { method: 'POST', json: { policy: unknownOperand } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; errors: { pointer: string }[] };
    expect(body.code).toBe('POLICY_INVALID');
    expect(body.errors.map((e) => e.pointer)).toContain('/permission/0/constraint/0/leftOperand');
  });

  it('should warn that a purpose constraint can never hold in an access policy (a catalog request carries no purpose)', async () => {
    const asAccess = (await (await c.api('/api/v1/policies/validate', { method: 'POST', json: { policy: purposePolicy, usedAs: 'access' } })).json()) as {
      valid: boolean;
      warnings: unknown[];
    };
    expect(asAccess.valid).toBe(true);
    expect(asAccess.warnings).toEqual([{ pointer: '/permission/0/constraint/0', scope: 'catalog', needs: ['purpose'], message: expect.stringMatching(/never holds/) }]);
    const unsaid = (await (await c.api('/api/v1/policies/validate', { method: 'POST', json: { policy: purposePolicy } })).json()) as { warnings: { scope: string }[] };
    expect(unsaid.warnings.map((w) => w.scope)).toEqual(['catalog']);
    expect((await c.api('/api/v1/policies/validate', { method: 'POST', json: { policy: purposePolicy, usedAs: 'everywhere' } })).status).toBe(400);
  });

  it('should warn that a purpose is not in the purpose vocabulary, and deny it without reading like a match', async () => {
    const bare = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }] };
    const v = (await (await c.api('/api/v1/policies/validate', { method: 'POST', json: { policy: bare, usedAs: 'contract' } })).json()) as {
      valid: boolean;
      warnings: unknown[];
    };
    expect(v.valid).toBe(true);
    expect(v.warnings).toEqual([{ pointer: '/permission/0/constraint/0', purpose: 'research', message: expect.stringContaining('did you mean purpose:research') }]);
    const e = await c.api('/api/v1/policies/evaluate', { method: 'POST', json: { policy: bare, scope: 'transfer', context: { participantId: 'did:web:x', purpose: RESEARCH } } });
    const denied = (await e.json()) as { allowed: boolean; problems: { actual: unknown; expected: unknown; message: string }[] };
    expect(denied.allowed).toBe(false);
    expect(denied.problems[0]).toMatchObject({ actual: RESEARCH, expected: 'research', message: `purpose eq research does not hold: saw "${RESEARCH}"` });
  });

  it('should refuse to store a policy with an unknown term, and store a valid one', async () => {
    const bad = await c.api('/api/v1/policies', { method: 'POST', json: { id: 'bad', policy: unknownOperand } });
    expect(bad.status).toBe(400);
    expect(await c.connector.stores.policies.findById('bad')).toBeUndefined();
    expect((await c.api('/api/v1/policies', { method: 'POST', json: { id: 'research', policy: purposePolicy } })).status).toBe(201);
    const badUpdate = await c.api('/api/v1/policies/research', { method: 'PUT', json: { policy: unknownOperand } });
    expect(badUpdate.status).toBe(400);
  });

  it('should explain a denial with the failing constraint and the value it saw', async () => {
    const res = await c.api('/api/v1/policies/evaluate', {
      method: 'POST',
      json: { policyId: 'research', scope: 'negotiation', context: { participantId: 'did:web:x', purpose: 'https://w3id.org/kontor/purpose/marketing' } },
    });
    const evaluation = (await res.json()) as { allowed: boolean; problems: { path: string; actual: unknown }[] };
    expect(evaluation.allowed).toBe(false);
    expect(evaluation.problems[0]).toMatchObject({ path: '/permission/0/constraint/0', actual: expect.stringContaining('marketing') });
    const ok = await c.api('/api/v1/policies/evaluate', {
      method: 'POST',
      json: { policy: purposePolicy, scope: 'negotiation', context: { participantId: 'did:web:x', purpose: RESEARCH } },
    });
    expect(((await ok.json()) as { allowed: boolean }).allowed).toBe(true);
  });

  it('should defer a purpose constraint at negotiation when no purpose is declared, and deny it at transfer', async () => {
    const atNegotiation = await c.api('/api/v1/policies/evaluate', {
      method: 'POST',
      json: { policy: purposePolicy, scope: 'negotiation', context: { participantId: 'did:web:x' } },
    });
    const n = (await atNegotiation.json()) as { allowed: boolean; deferred: { path: string }[] };
    expect(n.allowed).toBe(true);
    expect(n.deferred).toEqual([expect.objectContaining({ path: '/permission/0/constraint/0' })]);
    const atTransfer = await c.api('/api/v1/policies/evaluate', { method: 'POST', json: { policy: purposePolicy, scope: 'transfer', context: { participantId: 'did:web:x' } } });
    expect(((await atTransfer.json()) as { allowed: boolean }).allowed).toBe(false);
  });

  it('should refuse a request with both or neither of policy and policyId, and an unknown policy id', async () => {
    expect((await c.api('/api/v1/policies/evaluate', { method: 'POST', json: { scope: 'catalog' } })).status).toBe(400);
    expect((await c.api('/api/v1/policies/evaluate', { method: 'POST', json: { scope: 'catalog', policyId: 'research', policy: purposePolicy } })).status).toBe(400);
    expect((await c.api('/api/v1/policies/evaluate', { method: 'POST', json: { scope: 'catalog', policyId: 'ghost' } })).status).toBe(404);
    expect((await c.api('/api/v1/policies/evaluate', { method: 'POST', json: { scope: 'everywhere', policyId: 'research' } })).status).toBe(400);
  });
});
