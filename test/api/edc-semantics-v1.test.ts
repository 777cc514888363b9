import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

/** The two EDC habits that /api/v1 used to accept and then misread in silence. */
describe('EDC habits on /api/v1', () => {
  it("should refuse a policy without any rule (EDC's allow-all), pointing to Kontor's allow-all", async () => {
    const res = await c.api('/api/v1/policies', { method: 'POST', json: { id: 'empty', policy: { '@type': 'Set', permission: [], prohibition: [], obligation: [] } } });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { pointer: string; message: string }[] };
    expect(problem.code).toBe('POLICY_INVALID');
    expect(problem.errors).toEqual([{ pointer: '', message: expect.stringMatching(/\{"permission": \[\{"action": "use"\}\]\}/) }]);
    expect((await c.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } } })).status).toBe(201);
  });

  it('should read a full-IRI operandLeft as the property it names', async () => {
    expect(
      (await c.api('/api/v1/assets', { method: 'POST', json: { id: 'doc', properties: { title: 'Doc' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/doc' } } }))
        .status,
    ).toBe(201);
    const selector = [{ operandLeft: 'https://w3id.org/edc/v0.0.1/ns/id', operator: '=', operandRight: 'doc' }];
    expect(
      (await c.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'open', assetsSelector: selector } })).status,
    ).toBe(201);
    const stored = (await (await c.api('/api/v1/contract-definitions/cd')).json()) as { assetsSelector: unknown };
    expect(stored.assetsSelector).toEqual([{ operandLeft: 'id', operator: '=', operandRight: 'doc' }]);
    // The definition now names the asset, so the asset cannot be deleted from under it.
    expect((await c.api('/api/v1/assets/doc', { method: 'DELETE' })).status).toBe(409);
  });
});
