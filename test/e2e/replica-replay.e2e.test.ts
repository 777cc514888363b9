import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { didWebFromUrl } from '../../connector/identity/index.js';
import { requestCatalog } from '../../connector/offers/dsp-catalog-client.js';
import { openDatabase } from '../../connector/store/database.js';
import { freePort } from '../helpers/connector-process.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { TEST_PG_URL } from '../helpers/test-database.js';

/** Issue 19 item 2 with real connectors: two replicas of one provider (one DID, one schema) and a member consumer. */
describe.skipIf(!TEST_PG_URL)('a captured token against two provider replicas on one PostgreSQL schema', () => {
  let authority: RunningAuthority;
  const replicas: RunningConnector[] = [];
  let consumer: RunningConnector;
  const schema = `kontor_replay_${randomBytes(5).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'kontor-replica-replay-'));

  beforeAll(async () => {
    authority = await startAuthority();
    const dcp = { 'identity.kind': 'dcp', 'identity.authorityUrl': authority.publicUrl, 'identity.trustedIssuers': [authority.did], 'did.allowHttpLoopback': true };
    const [pPort, bPort, cPort] = [await freePort(), await freePort(), await freePort()];
    for (const [port, name] of [
      [pPort, 'Provider GmbH'],
      [cPort, 'Consumer AG'],
    ] as const) {
      const res = await authority.api('/api/v1/participants', { method: 'POST', json: { did: didWebFromUrl(`http://127.0.0.1:${port}`), legalName: name, roles: ['member'] } });
      expect(res.status).toBe(201);
    }
    const shared = {
      ...dcp,
      'store.schema': schema,
      'identity.keyFile': join(dir, 'keys.json'),
      'training.artifactDir': join(dir, 'artifacts'),
      'dataPlane.tokenSecret': randomBytes(24).toString('hex'),
      'usage.artifactKek': randomBytes(32).toString('base64'),
    };
    replicas.push(await startConnector('postgres', {}, shared, pPort));
    // The second replica listens elsewhere but is the same participant: same DID, keys and public URL (a proxy's).
    replicas.push(
      await startConnector('postgres', {}, { ...shared, participantId: didWebFromUrl(`http://127.0.0.1:${pPort}`), 'publicApi.url': `http://127.0.0.1:${pPort}` }, bPort),
    );
    consumer = await startConnector('sqlite', {}, dcp, cPort);
  });
  afterAll(async () => {
    for (const c of [consumer, ...replicas]) await c?.stop();
    await authority?.stop();
    const admin = await openDatabase({ kind: 'postgres', url: TEST_PG_URL, schema: 'public', poolSize: 1, path: '' });
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin.db);
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const catalogAt = (replica: RunningConnector, token: string) =>
    requestCatalog(`${replica.publicUrl}/api/dsp`, token.replace(/^Bearer /, '')).then(
      () => 'accepted',
      (e: { code?: string }) => e.code ?? 'threw',
    );
  const freshToken = async () => {
    const identity = consumer.connector.identity;
    if (!identity) throw new Error('the consumer has no DCP identity');
    return identity.peerAuth.tokenFor(replicas[0]?.connector.config.participantId ?? '');
  };

  it('should accept one token once in total across the replicas, and each replica should accept fresh tokens', async () => {
    const [a, b] = replicas as [RunningConnector, RunningConnector];
    expect(a.connector.config.participantId).toBe(b.connector.config.participantId);
    const captured = await freshToken();
    expect(await catalogAt(a, captured)).toBe('accepted');
    expect(await catalogAt(b, captured)).toBe('PEER_REJECTED');
    expect(await catalogAt(a, captured)).toBe('PEER_REJECTED');
    expect(await catalogAt(b, await freshToken())).toBe('accepted');
    const atOnce = await freshToken();
    const outcomes = await Promise.all([a, b, a, b].map((r) => catalogAt(r, atOnce)));
    expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'PEER_REJECTED')).toHaveLength(3);
  });
});
