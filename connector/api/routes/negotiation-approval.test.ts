import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../../catalog/index.js';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';
import { BACKENDS } from '../../../test/helpers/test-database.js';

/** Management API over HTTP: a contract policy changed while a request waits for approval. */
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const OPEN = { '@type': 'Set', permission: [{ action: 'use' }] };
const TIGHTER = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }] };
const stale = offerId({ definitionId: 'cd', assetId: 'a1', policyHash: policyContentHash(OPEN) });
const current = offerId({ definitionId: 'cd', assetId: 'a1', policyHash: policyContentHash(TIGHTER) });
type View = Record<string, unknown> & { staleOffer?: { reason: string; currentOfferId: string | null } | null };
const json = async (res: Response) => (await res.json()) as View;

describe.each(BACKENDS)('approving a request whose contract policy changed since, on $backend', ({ backend, skip }) => {
  let provider: RunningConnector;
  let offer: Record<string, unknown>;
  beforeAll(async () => {
    if (skip) return;
    provider = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20 });
    await provider.api('/api/v1/assets', { method: 'POST', json: { id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } } });
    await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: OPEN } });
    await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'contract', policy: OPEN } });
    await provider.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'contract', approval: 'manual' } });
    const built = toOdrlOffer(OPEN, stale, provider.connector.config.participantId);
    if (!built.ok) throw new Error(built.problem);
    offer = { ...built.offer, target: 'a1' };
  });
  afterAll(async () => provider?.stop());

  /** A consumer's ContractRequestMessage (development identity: the caller names its DID). */
  const request = (consumerPid: string) =>
    fetch(`${provider.publicUrl}/api/dsp/negotiations/request`, {
      method: 'POST',
      headers: { authorization: 'Dev did:web:127.0.0.1%3A1', 'content-type': 'application/json' },
      body: JSON.stringify({ '@context': CTX, '@type': 'ContractRequestMessage', consumerPid, offer, callbackAddress: 'http://127.0.0.1:1/cb' }),
    });

  it.skipIf(skip)('marks it stale on read, refuses the approval with 409 naming the change, and leaves it pending for a counter-offer', async () => {
    const started = await request('urn:uuid:stale-1');
    expect(started.status).toBe(201);
    const { providerPid } = (await started.json()) as { providerPid: string };
    const path = `/api/v1/negotiations/${encodeURIComponent(providerPid)}`;
    expect(await json(await provider.api(path))).toMatchObject({ state: 'REQUESTED', pending: true, staleOffer: null });

    const read = await provider.api('/api/v1/policies/contract');
    const put = await provider.api('/api/v1/policies/contract', {
      method: 'PUT',
      headers: { 'if-match': read.headers.get('etag') ?? '' },
      json: { id: 'contract', policy: TIGHTER },
    });
    expect(put.status).toBe(200);

    const view = await json(await provider.api(path));
    expect(view).toMatchObject({ state: 'REQUESTED', pending: true, staleOffer: { currentOfferId: current } });
    expect(view.staleOffer?.reason).toMatch(/^the contract policy of contract definition 'cd' changed since the offer was made: .*'contract' \(version 2\)/);
    const listed = (await json(await provider.api('/api/v1/negotiations?state=REQUESTED'))) as unknown as { items: { id: string; staleOffer: unknown }[] };
    expect(listed.items.find((i) => i.id === providerPid)?.staleOffer).toEqual(view.staleOffer);

    const approve = await provider.api(`${path}/approve`, { method: 'POST' });
    expect(approve.status).toBe(409);
    expect(approve.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = await json(approve);
    expect(problem).toMatchObject({ status: 409, code: 'INVALID_TRANSITION' });
    expect(problem.detail).toBe(
      `negotiation '${providerPid}' cannot be agreed: ${view.staleOffer?.reason}. It stays pending: counter-offer the current terms (POST ${path}/counter-offer) or reject it (POST ${path}/reject)`,
    );
    expect(await json(await provider.api(path))).toMatchObject({ state: 'REQUESTED', pending: true, terminationReason: null });
    // The refusal is in the audit log: who asked, which negotiation, why.
    const audit = (await (await provider.api('/api/v1/audit?limit=500')).json()) as { items: { type: string; actor: string; data: Record<string, unknown> }[] };
    expect(audit.items.filter((e) => e.data.approval === 'refused')).toEqual([
      expect.objectContaining({
        type: 'policy.decision',
        actor: 'operator',
        data: expect.objectContaining({ negotiationId: providerPid, path: 'manual-approval', decision: 'deny', reason: view.staleOffer?.reason }),
      }),
    ]);

    // A consumer naming the stale offer afresh hears why, in the DSP error.
    const again = await request('urn:uuid:stale-2');
    expect(again.status).toBe(400);
    expect(JSON.stringify(await again.json())).toContain(
      `offer '${stale}' is no longer available: the contract policy of contract definition 'cd' changed since the offer was made`,
    );

    const countered = await provider.api(`${path}/counter-offer`, { method: 'POST', json: { permission: TIGHTER.permission } });
    expect(countered.status).toBe(200);
    expect(await json(countered)).toMatchObject({ state: 'OFFERING', pending: false, staleOffer: null });
  });
});
