import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../connector/cluster/index.js';
import { didWebFromUrl } from '../../connector/identity/index.js';
import { requestCatalog } from '../../connector/offers/dsp-catalog-client.js';
import { freePort } from '../helpers/connector-process.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { testStoreConfig, TEST_PG_URL, type TestDatabase } from '../helpers/test-database.js';

/**
 * Two replicas of one DCP provider (one DID, one key file, one PostgreSQL schema) and a member consumer: the
 * identity-cache flush through one replica must make the other refuse a participant the authority revoked.
 */
let authority: RunningAuthority;
let a: RunningConnector;
let b: RunningConnector;
let consumer: RunningConnector;
let location: TestDatabase | undefined;
let keyDir: string;

beforeAll(async () => {
  if (!TEST_PG_URL) return;
  authority = await startAuthority();
  const dcp = { 'identity.kind': 'dcp', 'identity.trustedIssuers': [authority.did], 'did.allowHttpLoopback': true, 'stateMachine.retryBaseMs': 20 };
  const [aPort, cPort] = [await freePort(), await freePort()];
  for (const [port, name, bpn] of [
    [aPort, 'Provider GmbH', 'BPNL000000000001'],
    [cPort, 'Consumer AG', 'BPNL000000000002'],
  ] as const) {
    const res = await authority.api('/api/v1/participants', {
      method: 'POST',
      json: { did: didWebFromUrl(`http://127.0.0.1:${port}`), legalName: name, businessPartnerNumber: bpn, roles: ['member'], frameworkAgreements: ['DataExchangeGovernance:1.0'] },
    });
    expect(res.status).toBe(201);
  }
  location = testStoreConfig('postgres');
  keyDir = mkdtempSync(join(tmpdir(), 'kontor-replica-keys-'));
  const shared = {
    ...dcp,
    participantId: didWebFromUrl(`http://127.0.0.1:${aPort}`),
    'publicApi.url': `http://127.0.0.1:${aPort}`, // one public address for both replicas (checked at start)
    'identity.keyFile': join(keyDir, 'keys.json'),
    'usage.artifactKek': randomBytes(32).toString('base64'),
    'store.kind': 'postgres',
    'store.url': TEST_PG_URL,
    'store.schema': location.config.schema,
    'dataPlane.tokenSecret': randomBytes(32).toString('hex'),
    'training.artifactDir': join(keyDir, 'artifacts'), // replicas share their artifact storage (checked at start)
  };
  a = await startConnector('sqlite', {}, { ...shared, 'identity.authorityUrl': authority.publicUrl }, aPort);
  b = await startConnector('sqlite', {}, shared); // a verifier like A; A alone holds the provider's credentials
  consumer = await startConnector('sqlite', {}, { ...dcp, 'identity.authorityUrl': authority.publicUrl }, cPort);
  await a.api('/api/v1/policies', {
    method: 'POST',
    json: {
      id: 'members',
      policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] },
    },
  });
  await a.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'members', contractPolicyId: 'members' } });
});
afterAll(async () => {
  for (const c of [consumer, b, a]) await c?.stop();
  await authority?.stop();
  await location?.cleanup();
  if (keyDir) rmSync(keyDir, { recursive: true, force: true });
});

/** The provider's catalog through one replica, as the consumer (a fresh self-issued token each time). */
async function catalogThrough(replica: RunningConnector) {
  const identity = consumer.connector.identity;
  if (!identity) throw new Error('the consumer has no DCP identity');
  const token = await identity.peerAuth.tokenFor(a.connector.config.participantId);
  return requestCatalog(`${replica.publicUrl}/api/dsp`, token.replace(/^Bearer /, ''));
}

describe.skipIf(!TEST_PG_URL)('two DCP replicas of one provider', () => {
  it('should make replica B refuse a revoked member once the identity caches were flushed through replica A', async () => {
    await expect(catalogThrough(a)).resolves.toBeDefined();
    await expect(catalogThrough(b)).resolves.toBeDefined();
    const revoke = await authority.api(`/api/v1/participants/${encodeURIComponent(consumer.connector.config.participantId)}/revoke`, { method: 'POST' });
    expect(revoke.status).toBe(200);
    await expect(catalogThrough(b)).resolves.toBeDefined(); // B's cached verification, within the refresh interval
    const flushedOnB = new Promise<ClusterEvent>((resolve) => {
      const off = b.connector.cluster.subscribe((e) => {
        if (e.kind === 'identity.flushed') {
          off();
          resolve(e);
        }
      });
    });
    expect((await a.api('/api/v1/identity/cache/flush', { method: 'POST' })).status).toBe(204);
    await flushedOnB;
    await expect(catalogThrough(b)).rejects.toMatchObject({ code: 'PEER_REJECTED' });
  });
});
