import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { capturingLogger } from '../helpers/log-capture.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';

/** Issue 12 item 5: an access policy that keeps offers out of a catalog is visible to the provider's operator. */
const BPN_ONLY = {
  '@type': 'Set',
  permission: [{ action: 'use', constraint: [{ leftOperand: 'kontor:businessPartnerNumber', operator: 'eq', rightOperand: 'BPNL00000000000A' }] }],
};
const REQUESTER = 'did:web:requester.example';
type Entry = { type: string; actor: string; data: Record<string, unknown> };

for (const { backend, skip } of BACKENDS) {
  describe.skipIf(skip)(`offers hidden by an access policy on ${backend}`, () => {
    let c: RunningConnector;
    let lines: { level: number; msg?: string }[];
    beforeAll(async () => {
      const capture = capturingLogger();
      lines = capture.lines;
      c = await startConnector(backend, { logger: capture.logger });
      await c.api('/api/v1/assets', { method: 'POST', json: { id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } } });
      await c.api('/api/v1/policies', { method: 'POST', json: { id: 'bpn-only', policy: BPN_ONLY } });
      await c.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd1', accessPolicyId: 'bpn-only', contractPolicyId: 'bpn-only' } });
    });
    afterAll(async () => c?.stop());

    const catalog = async () => {
      const res = await fetch(`${c.publicUrl}/api/dsp/catalog/request`, {
        method: 'POST',
        headers: { authorization: `Dev ${REQUESTER}`, 'content-type': 'application/json' },
        body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' }),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { dataset?: unknown[] }).dataset ?? [];
    };
    const hiddenEntries = async () =>
      ((await (await c.api('/api/v1/audit?limit=500')).json()) as { items: Entry[] }).items.filter((e) => e.type === 'policy.decision' && e.data.scope === 'catalog');

    it('should log and audit the denial once, with a body that POST /api/v1/policies/evaluate reproduces', async () => {
      expect(await catalog()).toEqual([]);
      const [entry] = await eventually('the audit entry', async () => ((await hiddenEntries()).length > 0 ? hiddenEntries() : undefined));
      expect(entry).toMatchObject({ actor: REQUESTER, data: { decision: 'deny', policyId: 'bpn-only', counterparty: REQUESTER, reasons: [expect.any(String)] } });
      expect(lines.filter((l) => l.msg === 'an access policy hides offers from a requester')).toHaveLength(1);

      const again = await evaluate(entry?.data.reproduce);
      expect(again.allowed).toBe(false);
      expect(again.problems.map((p) => p.message)).toEqual(entry?.data.reasons);

      // Asked again: no new line, no new entry (the requester's crawler asks every few minutes).
      expect(await catalog()).toEqual([]);
      expect(await hiddenEntries()).toHaveLength(1);
      expect(lines.filter((l) => l.msg === 'an access policy hides offers from a requester')).toHaveLength(1);
    });

    const evaluate = async (body: unknown) => {
      const res = await c.api('/api/v1/policies/evaluate', { method: 'POST', json: body });
      expect(res.status).toBe(200);
      return (await res.json()) as { allowed: boolean; problems: { message: string }[] };
    };
  });
}
