import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_LEVEL, capturingLogger } from '../helpers/log-capture.js';
import { startConnector, TEST_API_KEY, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';
import { penguinPlan } from '../../connector/training/backend/baselines.js';

/** Issue 17 item 4: hostile input gets a 4xx on either listener, before or after authentication, never a 500. */
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const MEMBER = 'Dev did:web:127.0.0.1%3A1';

function nestedPolicy(levels: number): Record<string, unknown> {
  let constraint: unknown = { leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' };
  for (let i = 0; i < levels; i++) constraint = { [i % 2 ? 'and' : 'or']: [constraint] };
  return { '@type': 'Set', permission: [{ action: 'use', constraint: [constraint] }] };
}

for (const { backend, skip } of BACKENDS) {
  describe.skipIf(skip)(`hostile input on ${backend}`, () => {
    let c: RunningConnector;
    let errors: () => unknown[];
    const mgmt = (path: string, init: RequestInit = {}) =>
      fetch(`${c.managementUrl}${path}`, { ...init, headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json', ...init.headers } });
    const pub = (path: string, init: RequestInit = {}) =>
      fetch(`${c.publicUrl}${path}`, { ...init, headers: { authorization: MEMBER, 'content-type': 'application/json', ...init.headers } });

    beforeAll(async () => {
      const capture = capturingLogger();
      errors = () => capture.lines.filter((l) => l.level >= ERROR_LEVEL);
      c = await startConnector(backend, { logger: capture.logger });
      await c.connector.training.sessions.open({ transferId: 'tp-1', agreementId: 'ag-1', coordinatorDid: 'did:web:127.0.0.1%3A1', assetId: 'a1' });
    });
    afterAll(async () => c?.stop());

    it('should answer 400 to a body that does not inflate (gzip, deflate, br) on both listeners, logging no error', async () => {
      const targets: [string, (init: RequestInit) => Promise<Response>][] = [
        ['management', (init) => mgmt('/api/v1/assets', init)],
        ['catalog', (init) => pub('/api/dsp/catalog/request', init)],
        ['negotiation', (init) => pub('/api/dsp/negotiations/request', init)],
        ['transfer', (init) => pub('/api/dsp/transfers/request', init)],
        ['training', (init) => pub('/api/training/tp-1/rounds', init)],
      ];
      for (const encoding of ['gzip', 'deflate', 'br']) {
        for (const [name, send] of targets) {
          const res = await send({ method: 'POST', headers: { 'content-encoding': encoding }, body: '{"not":"compressed"}' });
          expect([400, 415], `${name} ${encoding}`).toContain(res.status);
        }
      }
      expect(errors()).toEqual([]);
    });

    it('should answer 400 to a NUL character in an id, a query or a JSON string, on both listeners', async () => {
      expect((await mgmt('/api/v1/assets/a%00b')).status).toBe(400);
      expect((await mgmt('/api/v1/negotiations?state=%00')).status).toBe(400);
      expect(
        (
          await mgmt('/api/v1/assets', {
            method: 'POST',
            body: JSON.stringify({ id: 'a1', properties: { title: 'A\u0000' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } }),
          })
        ).status,
      ).toBe(400);
      // Under the DSP base path, each protocol's own error body, as its routes give.
      for (const [path, type] of [
        ['/api/dsp/negotiations/urn%3Auuid%3A%00', 'ContractNegotiationError'],
        ['/api/dsp/transfers/a%00b', 'TransferError'],
        ['/api/dsp/catalog/datasets/a%00b', 'CatalogError'],
      ] as const) {
        const res = await pub(path);
        expect([res.status, ((await res.json()) as { '@type': string })['@type']]).toEqual([400, type]);
      }
      const request = {
        '@context': CTX,
        '@type': 'ContractRequestMessage',
        consumerPid: 'urn:uuid:\u0000',
        offer: { '@id': 'o-1', '@type': 'Offer' },
        callbackAddress: 'http://127.0.0.1:1/cb',
      };
      expect((await pub('/api/dsp/negotiations/request', { method: 'POST', body: JSON.stringify(request) })).status).toBe(400);
      expect(
        (await pub('/api/dsp/transfers/request', { method: 'POST', body: JSON.stringify({ ...request, '@type': 'TransferRequestMessage', agreementId: 'x\u0000' }) })).status,
      ).toBe(400);
      expect(errors()).toEqual([]);
    });

    it('should answer 400 to 1,500 nested and / or levels, in the management API and in a ContractRequestMessage', async () => {
      const deep = nestedPolicy(1500);
      expect((await mgmt('/api/v1/policies', { method: 'POST', body: JSON.stringify({ id: 'deep', policy: deep }) })).status).toBe(400);
      expect((await mgmt('/api/v1/policies/validate', { method: 'POST', body: JSON.stringify({ policy: deep }) })).status).toBe(400);
      const request = {
        '@context': CTX,
        '@type': 'ContractRequestMessage',
        consumerPid: 'urn:uuid:deep',
        offer: { '@id': 'o-1', '@type': 'Offer', ...deep },
        callbackAddress: 'http://127.0.0.1:1/cb',
      };
      expect((await pub('/api/dsp/negotiations/request', { method: 'POST', body: JSON.stringify(request) })).status).toBe(400);
      const beyondLogicalLimit = await mgmt('/api/v1/policies', { method: 'POST', body: JSON.stringify({ id: 'deep33', policy: nestedPolicy(33) }) });
      expect(beyondLogicalLimit.status).toBe(400);
      expect(await beyondLogicalLimit.json()).toMatchObject({ code: 'POLICY_INVALID', detail: expect.stringMatching(/nest deeper than 32 levels/) });
      expect(errors()).toEqual([]);
    });

    it('should answer 400 to the training endpoints without a body', async () => {
      for (const path of ['token', 'rounds', 'receipts']) {
        const res = await pub(`/api/training/tp-1/${path}`, { method: 'POST', headers: { 'content-type': '', 'x-kontor-round-token': 'checked after the body' } });
        expect(res.status, path).toBe(400);
      }
      expect(errors()).toEqual([]);
    });

    it('should answer 400 to a malformed audit checkpoint on the training endpoints, and keep nothing of it', async () => {
      const before = (await (await mgmt('/api/v1/audit?limit=1')).json()) as { total: number };
      const head = { seq: 3, hash: `sha256:${'0'.repeat(64)}`, at: '2026-01-01T00:00:00.000Z' };
      const round = { round: 1, task: 'evaluate', purpose: 'research', plan: penguinPlan(), global: [0] };
      const bad = [{ checkpoint: head }, { checkpoint: { ...head, seq: 'x' }, signature: 's' }, { checkpoint: head, signature: 's', note: 1 }, 'a string'];
      for (const checkpoint of bad) {
        for (const [path, body] of [
          ['checkpoint', { checkpoint }],
          ['rounds', { ...round, checkpoint }],
        ] as const) {
          const res = await pub(`/api/training/tp-1/${path}`, { method: 'POST', body: JSON.stringify(body) });
          expect(res.status, `${path} ${JSON.stringify(checkpoint)}`).toBe(400);
          expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/checkpoint/) });
        }
      }
      const onFit = await pub('/api/training/tp-1/rounds', { method: 'POST', body: JSON.stringify({ ...round, task: 'fit', checkpoint: { checkpoint: head, signature: 's' } }) });
      expect(onFit.status).toBe(400);
      expect(await onFit.json()).toMatchObject({ detail: expect.stringMatching(/evaluation request only/) });
      expect(((await (await mgmt('/api/v1/audit?limit=1')).json()) as { total: number }).total).toBe(before.total);
      expect(errors()).toEqual([]);
    });

    it('should parse a large training body only after authentication', async () => {
      const large = `{"global":[${'1,'.repeat(1_000_000)}`; // 2 MB, and not even JSON
      const stranger = await fetch(`${c.publicUrl}/api/training/tp-1/rounds`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: large });
      expect(stranger.status).toBe(401);
      const notTheCoordinator = await pub('/api/training/tp-1/rounds', { method: 'POST', headers: { authorization: 'Dev did:web:127.0.0.1%3A2' }, body: large });
      expect(notTheCoordinator.status).toBe(404);
      expect((await pub('/api/training/tp-1/rounds', { method: 'POST', body: large })).status).toBe(400);
    });
  });
}
