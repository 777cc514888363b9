import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { didWebFromUrl } from '../../connector/identity/index.js';
import { requestCatalog } from '../../connector/offers/dsp-catalog-client.js';
import { openDatabase } from '../../connector/store/database.js';
import { freePort, runCli, waitForOutput, type ConnectorProcess } from '../helpers/connector-process.js';
import { eventually } from '../helpers/eventually.js';
import { startRoundRobinProxy, type RoundRobinProxy } from '../helpers/round-robin-proxy.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { startConnector, TEST_API_KEY, type RunningConnector } from '../helpers/start-connector.js';
import { TEST_PG_URL } from '../helpers/test-database.js';
import { edr, researchPolicy, pullResearchData } from '../helpers/transfer-fixture.js';

/**
 * Issue 19 items 1–4 with real processes: a DCP provider run as two `kontor start` processes (one DID, one key file,
 * one PostgreSQL schema, started together on it empty) behind a round-robin HTTP proxy that is its public address,
 * a member consumer and the authority. Every check names the replica that served a request (the proxy's log) and
 * acts through the other one's management API, so only the database can carry what happens.
 */
const SIZE = 64 * 1024 * 1024;
/** A bound for what the issue wants within 2 s, generous for a loaded 2-core CI machine; polls end as soon as it holds. */
const POLLS = { attempts: 100, pauseMs: 50 };
const schema = `kontor_proxy_${randomBytes(5).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'kontor-replica-proxy-'));
let authority: RunningAuthority;
let proxy: RoundRobinProxy;
let consumer: RunningConnector;
let provider: string;
const replicas: (ConnectorProcess & { management: string; env: Record<string, string> })[] = [];

/** The management API of one replica process. */
const api = (replica: number, path: string, init: { method?: string; json?: unknown } = {}) =>
  fetch(`${replicas[replica]?.management}${path}`, {
    method: init.method ?? 'GET',
    headers: { 'x-api-key': TEST_API_KEY, ...(init.json === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
  });
const other = (replica: number | undefined) => (replica === 0 ? 1 : 0);

beforeAll(async () => {
  if (!TEST_PG_URL) return;
  authority = await startAuthority();
  const [r0, r1, cPort] = [await freePort(), await freePort(), await freePort()];
  proxy = await startRoundRobinProxy([r0, r1]);
  provider = didWebFromUrl(proxy.url);
  for (const [port, name] of [
    [proxy.port, 'Provider GmbH'],
    [cPort, 'Consumer AG'],
  ] as const) {
    const res = await authority.api('/api/v1/participants', { method: 'POST', json: { did: didWebFromUrl(`http://127.0.0.1:${port}`), legalName: name, roles: ['member'] } });
    expect(res.status).toBe(201);
  }
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data', 'big.bin'), Buffer.alloc(SIZE, 7));
  const shared: Record<string, string> = {
    KONTOR_API_KEY: TEST_API_KEY,
    KONTOR_IDENTITY_KIND: 'dcp',
    KONTOR_TRUSTED_ISSUERS: authority.did,
    KONTOR_DID_ALLOW_HTTP_LOOPBACK: 'true',
    KONTOR_STORE_KIND: 'postgres',
    KONTOR_STORE_URL: TEST_PG_URL ?? '',
    KONTOR_STORE_SCHEMA: schema,
    KONTOR_PUBLIC_HOST: '127.0.0.1',
    KONTOR_PUBLIC_URL: proxy.url,
    KONTOR_PARTICIPANT_ID: provider,
    KONTOR_KEY_FILE: join(dir, 'keys.json'),
    KONTOR_TRAINING_ARTIFACT_DIR: join(dir, 'artifacts'),
    KONTOR_DATA_TOKEN_SECRET: randomBytes(24).toString('hex'),
    KONTOR_ARTIFACT_KEK: randomBytes(32).toString('base64'),
    KONTOR_DATA_FILE_ROOT: join(dir, 'data'),
    KONTOR_RETRY_BASE_MS: '20',
    KONTOR_POLICY_MONITOR_MS: '3600000',
    KONTOR_DSP_CATALOG_CACHE_TTL_MS: '3600000',
    KONTOR_LOG_LEVEL: 'info',
  };
  // Started together on the empty schema; the first also fetches the provider's credentials (kept in the shared store).
  for (const [i, port] of [r0, r1].entries()) {
    const management = await freePort();
    const env = { ...shared, KONTOR_PUBLIC_PORT: String(port), KONTOR_MANAGEMENT_PORT: String(management), ...(i === 0 ? { KONTOR_AUTHORITY_URL: authority.publicUrl } : {}) };
    replicas.push({ ...runCli(['start'], env), management: `http://127.0.0.1:${management}`, env });
  }
  await Promise.all(replicas.map((p) => waitForOutput(p, 'connector started', 60_000)));
  consumer = await startConnector(
    'sqlite',
    {},
    {
      'identity.kind': 'dcp',
      'identity.authorityUrl': authority.publicUrl,
      'identity.trustedIssuers': [authority.did],
      'did.allowHttpLoopback': true,
      'stateMachine.retryBaseMs': 20,
    },
    cPort,
  );
  for (const [path, json] of [
    ['/api/v1/assets', { id: 'big', properties: { title: 'big' }, dataAddress: { type: 'File', path: 'big.bin' } }],
    ['/api/v1/policies', { id: 'research', policy: researchPolicy }],
    ['/api/v1/policies', { id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } }],
    ['/api/v1/contract-definitions', { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'research', assetsSelector: [] }],
  ] as const)
    expect((await api(1, path, { method: 'POST', json })).status).toBe(201);
}, 120_000);

afterAll(async () => {
  await consumer?.stop();
  for (const p of replicas) p.child.kill('SIGTERM');
  await Promise.all(replicas.map((p) => p.exited));
  await proxy?.close();
  await authority?.stop();
  if (TEST_PG_URL) {
    const admin = await openDatabase({ kind: 'postgres', url: TEST_PG_URL, schema: 'public', poolSize: 1, path: '' });
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin.db);
    await admin.close();
  }
  rmSync(dir, { recursive: true, force: true });
});

/** The provider's catalog through the proxy with the consumer's token (a fresh one unless given): 'accepted' or the error code. */
async function catalog(token?: string): Promise<{ outcome: string; backend: number | undefined; text: string }> {
  const bearer = token ?? (await freshToken());
  let text = '';
  const outcome = await requestCatalog(`${proxy.url}/api/dsp`, bearer).then(
    (c) => {
      text = JSON.stringify(c);
      return 'accepted';
    },
    (e: { code?: string }) => e.code ?? 'threw',
  );
  return { outcome, backend: proxy.servedBy('/api/dsp/catalog'), text };
}
/** Catalog requests (with `token`, or a fresh token each) until both replicas have answered at least one. */
async function catalogsOfBoth(token?: string): Promise<{ outcome: string; backend: number | undefined; text: string }[]> {
  const answers: { outcome: string; backend: number | undefined; text: string }[] = [];
  await eventually(
    'a catalog request served by each replica',
    async () => {
      answers.push(await catalog(token));
      return new Set(answers.map((a) => a.backend)).size === 2 ? true : undefined;
    },
    20,
    0,
  );
  return answers;
}
async function freshToken(): Promise<string> {
  const identity = consumer.connector.identity;
  if (!identity) throw new Error('the consumer has no DCP identity');
  return (await identity.peerAuth.tokenFor(provider)).replace(/^Bearer /, '');
}

/** Reads the rest of a pull: the bytes that arrived and whether it was broken off. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<{ bytes: number; cut: boolean }> {
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes, cut: false };
      bytes += value.byteLength;
    }
  } catch {
    return { bytes, cut: true };
  }
}

/** Without PostgreSQL there is nothing to share: the suite is skipped, and says why in its name. */
const NEEDS = TEST_PG_URL ? '' : ' (skipped: set KONTOR_TEST_PG_URL to a PostgreSQL database, and run `npm run build` first)';
describe.skipIf(!TEST_PG_URL)(`two \`kontor start\` replicas on one PostgreSQL schema behind a round-robin proxy${NEEDS}`, () => {
  it('should have started both replicas together on the empty schema and refuse a third with another token secret, by name', async () => {
    expect(replicas.map((p) => p.child.exitCode)).toEqual([null, null]);
    const port = await freePort();
    const env = {
      ...replicas[1]?.env,
      KONTOR_PUBLIC_PORT: String(port),
      KONTOR_MANAGEMENT_PORT: String(await freePort()),
      KONTOR_DATA_TOKEN_SECRET: randomBytes(24).toString('hex'),
    };
    const refused = runCli(['start'], env);
    expect(await refused.exited).toBe(1);
    expect(refused.stderr()).toMatch(/dataPlane\.tokenSecret\W+differs from the value the replicas running on this schema use/);
  }, 60_000);

  it('should show a new offer written through one replica on every replica (their catalog caches notwithstanding)', async () => {
    const marker = `https://w3id.org/kontor/purpose/proxy-${randomBytes(4).toString('hex')}`;
    const before = await catalogsOfBoth(); // each replica has cached its definitions now
    for (const c of before) expect(c.text).not.toContain(marker);
    const policy = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: marker }] }] };
    expect((await api(0, '/api/v1/policies', { method: 'POST', json: { id: 'marked', policy } })).status).toBe(201);
    expect(
      (await api(0, '/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd-marked', accessPolicyId: 'open', contractPolicyId: 'marked', assetsSelector: [] } })).status,
    ).toBe(201);
    const seen = new Set<number>();
    await eventually(
      'the new offer in the catalog of both replicas',
      async () => {
        const c = await catalog();
        if (c.text.includes(marker) && c.backend !== undefined) seen.add(c.backend);
        return seen.size === 2 ? true : undefined;
      },
      POLLS.attempts,
      POLLS.pauseMs,
    );
  });

  it('should accept a captured self-issued token once in total across the replicas', async () => {
    const oneAfterAnother = (await catalogsOfBoth(await freshToken())).map((c) => c.outcome);
    expect(oneAfterAnother[0]).toBe('accepted');
    expect(oneAfterAnother.slice(1)).toEqual(oneAfterAnother.slice(1).map(() => 'PEER_REJECTED'));
    const atOnce = await freshToken();
    const outcomes = await Promise.all([0, 1, 2, 3].map(() => catalog(atOnce).then((c) => c.outcome)));
    expect(outcomes.sort()).toEqual(['PEER_REJECTED', 'PEER_REJECTED', 'PEER_REJECTED', 'accepted']);
  });

  it('should cut a pull served by one replica when the agreement is revoked through the other', async () => {
    const { id, agreementId } = await pullResearchData(consumer, `${proxy.url}/api/dsp`, provider);
    const e = await edr(consumer, id);
    const path = new URL(e.endpoint).pathname;
    const res = await fetch(`${proxy.url}${path}`, { headers: { authorization: `Bearer ${e.token}` } });
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    if (!reader) throw new Error('the pull answered without a body');
    expect((await reader.read()).done).toBe(false);
    const serving = proxy.servedBy(path);
    expect(serving).toBeDefined();
    expect((await api(other(serving), `/api/v1/agreements/${encodeURIComponent(agreementId)}/revoke`, { method: 'POST' })).status).toBe(200);
    const rest = await Promise.race([drain(reader), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), POLLS.attempts * POLLS.pauseMs).unref())]);
    expect(rest, 'the pull was not cut within the bound').toBeDefined();
    expect(rest?.cut).toBe(true);
    expect(rest?.bytes ?? SIZE).toBeLessThan(SIZE);
  });

  it('should make every replica refuse a revoked member once the identity caches were flushed through one', async () => {
    const warm = await catalogsOfBoth();
    expect(warm.map((c) => c.outcome)).toEqual(warm.map(() => 'accepted'));
    const revoke = await authority.api(`/api/v1/participants/${encodeURIComponent(consumer.connector.config.participantId)}/revoke`, { method: 'POST' });
    expect(revoke.status).toBe(200);
    expect((await api(0, '/api/v1/identity/cache/flush', { method: 'POST' })).status).toBe(204);
    const refusedBy = new Set<number>();
    await eventually(
      'both replicas refusing the revoked member',
      async () => {
        const c = await catalog();
        if (c.outcome === 'PEER_REJECTED' && c.backend !== undefined) refusedBy.add(c.backend);
        return refusedBy.size === 2 ? true : undefined;
      },
      POLLS.attempts,
      POLLS.pauseMs,
    );
    const after = await catalogsOfBoth();
    expect(after.map((c) => c.outcome)).toEqual(after.map(() => 'PEER_REJECTED'));
  });
});
