import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import { createDevPeerAuth } from '../../connector/peer/dev-peer-auth.js';
import type { PeerAuth } from '../../connector/peer/peer-auth.js';
import { freePort } from '../helpers/connector-process.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { negotiationReached, RESEARCH, startTransfer } from '../helpers/transfer-fixture.js';

/** The contract policy needs a credential the consumer holds at first and then loses. */
const POLICY = {
  '@type': 'Set',
  permission: [{ action: 'use', constraint: [{ leftOperand: 'https://w3id.org/kontor/policy/credentialType', operator: 'eq', rightOperand: 'SpecialCredential' }] }],
};

describe("the data plane's token refresh", () => {
  let provider: RunningConnector;
  let consumer: RunningConnector;
  let dataRoot: string;
  let holdsSpecial = true;
  let providerPid: string;

  beforeAll(async () => {
    dataRoot = mkdtempSync(join(tmpdir(), 'kontor-refresh-'));
    writeFileSync(join(dataRoot, 'p.csv'), 'a,b\n1,2\n');
    const port = await freePort();
    const dev = createDevPeerAuth({ participantId: `did:web:127.0.0.1%3A${port}`, environment: 'development' });
    // The consumer's verified claims as the provider sees them on each request.
    const peerAuth: PeerAuth = {
      ...dev,
      async authenticate(header) {
        const agent = await dev.authenticate(header);
        return { ...agent, claims: { ...agent.claims, credentialTypes: holdsSpecial ? ['MembershipCredential', 'SpecialCredential'] : ['MembershipCredential'] } };
      },
    };
    provider = await startConnector('sqlite', { peerAuth }, { 'dataPlane.fileRoot': dataRoot }, port);
    consumer = await startConnector('sqlite');
    for (const [path, json] of [
      ['/api/v1/assets', { id: 'p', properties: { title: 'p' }, dataAddress: { type: 'File', path: 'p.csv' } }],
      ['/api/v1/policies', { id: 'special', policy: POLICY }],
      ['/api/v1/policies', { id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } }],
      ['/api/v1/contract-definitions', { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'special' }],
    ] as const)
      expect((await provider.api(path, { method: 'POST', json })).status).toBe(201);
    const providerId = provider.connector.config.participantId;
    const built = toOdrlOffer(POLICY, offerId({ definitionId: 'cd', assetId: 'p', policyHash: policyContentHash(POLICY) }), providerId);
    if (!built.ok) throw new Error(built.problem);
    const finalized = negotiationReached(consumer, (e) => e.to === 'FINALIZED');
    await consumer.api('/api/v1/negotiations', {
      method: 'POST',
      json: { counterPartyAddress: `${provider.publicUrl}/api/dsp`, counterPartyId: providerId, offer: { ...built.offer, target: 'p' } },
    });
    const agreementId = String((await finalized).negotiation.agreementId);
    ({ providerPid } = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH }));
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });

  const refresh = (init: RequestInit = {}, query = '') =>
    fetch(`${provider.publicUrl}/api/data/${encodeURIComponent(providerPid)}/token${query}`, {
      method: 'POST',
      ...init,
      headers: { authorization: `Dev ${consumer.connector.config.participantId}`, ...(init.headers as Record<string, string> | undefined) },
    });

  it('should refuse a body or a query parameter, naming it, and issue nothing', async () => {
    const withBody = await refresh({ body: '{"foo":1}', headers: { 'content-type': 'application/json' } });
    expect(withBody.status).toBe(400);
    expect(await withBody.json()).toMatchObject({ detail: 'this route takes no fields (send no body, or {})', errors: [{ pointer: '/foo' }] });
    for (const body of ['[]', '"x"', 'not json']) expect((await refresh({ body, headers: { 'content-type': 'application/json' } })).status).toBe(400);
    // What consumers send (Kontor's own sends {}): nothing to ignore.
    expect((await refresh({ body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(200);
    const withQuery = await refresh({}, '?x=1');
    expect(withQuery.status).toBe(400);
    expect(((await withQuery.json()) as { detail: string }).detail).toMatch(/\?x: unknown parameter/);
  });

  it('should judge the caller by the claims verified at the refresh, not those of the transfer start', async () => {
    expect((await refresh()).status).toBe(200);
    holdsSpecial = false;
    const denied = await refresh();
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { code: string; detail: string }).detail).toMatch(/credentialType eq SpecialCredential does not hold/);
    holdsSpecial = true;
    expect((await refresh()).status).toBe(200);
  });
});
