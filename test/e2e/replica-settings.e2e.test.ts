import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectorDeps } from '../../connector/connector.js';
import { openDatabase } from '../../connector/store/database.js';
import { systemClock, toIso } from '../../core/index.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { TEST_PG_URL } from '../helpers/test-database.js';

const kek = () => randomBytes(32).toString('base64');
const secret = () => randomBytes(24).toString('hex');

/** Issue 19 item 4: real connector instances on one PostgreSQL schema refuse a replica whose shared settings differ, by name. */
describe.skipIf(!TEST_PG_URL)('settings replicas must share (one PostgreSQL schema)', () => {
  let schema: string;
  let dir: string;
  let running: RunningConnector[];
  let shared: Record<string, unknown>;

  beforeEach(() => {
    schema = `kontor_rep_${randomBytes(5).toString('hex')}`;
    dir = mkdtempSync(join(tmpdir(), 'kontor-replicas-'));
    running = [];
    shared = {
      'store.schema': schema,
      // the load balancer's address, the participant id derives from it (loopback: the development identity is served there only)
      'publicApi.url': 'http://localhost:9',
      'dataPlane.tokenSecret': secret(),
      'usage.artifactKek': kek(),
      'training.artifactDir': join(dir, 'artifacts'),
    };
  });
  afterEach(async () => {
    for (const r of running) await r.stop();
    const admin = await openDatabase({ kind: 'postgres', url: TEST_PG_URL, schema: 'public', poolSize: 1, path: '' });
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin.db);
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a replica with the shared settings, changed by `overrides` (a setting given as undefined is left unset). */
  const start = async (overrides: Record<string, unknown>, deps: ConnectorDeps = {}) => {
    const settings = { ...shared, ...overrides }; // the helper leaves a setting given as undefined unset
    const replica = await startConnector('postgres', deps, settings);
    running.push(replica);
    return replica;
  };
  const refusal = (overrides: Record<string, unknown>, deps: ConnectorDeps = {}) =>
    start(overrides, deps).then(
      () => 'started',
      (error: Error) => error.message,
    );

  it('should start replicas that share the settings and refuse one that differs, naming each setting', async () => {
    await start({});
    await start({});
    expect(await refusal({ 'dataPlane.tokenSecret': secret() })).toMatch(
      /^this replica does not share .*: dataPlane\.tokenSecret differs from the value the replicas running on this schema use$/,
    );
    expect(await refusal({ 'usage.artifactKek': kek() })).toMatch(/: usage\.artifactKek differs/);
    expect(await refusal({ 'training.artifactDir': join(dir, 'elsewhere') })).toMatch(
      /: training\.artifactDir has no value shared .*mount the artifact storage of the running replicas/,
    );
    expect(await refusal({ 'dataPlane.tokenSecret': undefined })).toMatch(/: dataPlane\.tokenSecret has no value shared .*set dataPlane\.tokenSecret/);
    const both = await refusal({ 'dataPlane.tokenSecret': secret(), 'usage.artifactKek': kek() });
    expect(both).toMatch(/dataPlane\.tokenSecret differs.*; usage\.artifactKek differs/);
    expect(both).not.toContain(String(shared['dataPlane.tokenSecret']));
    expect(running).toHaveLength(2);
  });

  it('should take new values once every replica is stopped (rotation), and then refuse the old ones', async () => {
    await start({});
    for (const r of running.splice(0)) await r.stop();
    const old = shared['dataPlane.tokenSecret'];
    shared['dataPlane.tokenSecret'] = secret();
    await start({});
    expect(await refusal({ 'dataPlane.tokenSecret': old })).toMatch(/dataPlane\.tokenSecret differs/);
    await start({});
    expect(running).toHaveLength(2);
  });

  it('should refuse to join a replica that made up its own token secret', async () => {
    await start({ 'dataPlane.tokenSecret': undefined });
    expect(await refusal({})).toMatch(/dataPlane\.tokenSecret is not set on the replicas running on this schema/);
  });

  it('should refuse a lone DCP connector on PostgreSQL whose shared settings are not set explicitly, naming each, before touching the database', async () => {
    const dcp = { 'identity.kind': 'dcp', 'identity.keyFile': join(dir, 'keys.json') };
    // Refused by loadConfig (as `kontor config` refuses it), no longer by the replica seat after the migrations ran.
    expect(await refusal({ ...dcp, 'dataPlane.tokenSecret': undefined })).toMatch(
      /^invalid configuration: dataPlane\.tokenSecret: is required on PostgreSQL with identity\.kind dcp: set it \(KONTOR_DATA_TOKEN_SECRET/,
    );
    const neither = await refusal({ ...dcp, 'dataPlane.tokenSecret': undefined, 'usage.artifactKek': undefined });
    expect(neither).toMatch(/dataPlane\.tokenSecret: is required .*; usage\.artifactKek: is required .*\(KONTOR_ARTIFACT_KEK/);
    expect(neither).not.toMatch(/identity\.keyFile|training\.artifactDir/);
    expect(running).toHaveLength(0);
    const admin = await openDatabase({ kind: 'postgres', url: TEST_PG_URL, schema: 'public', poolSize: 1, path: '' });
    const found = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.schemata WHERE schema_name = ${schema}`.execute(admin.db);
    await admin.close();
    expect(found.rows[0]?.n).toBe(0); // nothing created, nothing migrated
    await start(dcp); // both set: it starts
    expect(running).toHaveLength(1);
  });

  it('should not take another participant on another schema of the same database for a replica', async () => {
    await start({});
    const other = await startConnector('postgres', {}, { 'dataPlane.tokenSecret': secret(), 'usage.artifactKek': kek() }); // its own fresh schema
    running.push(other);
    expect(running).toHaveLength(2);
  });

  it('should compare the key files of DCP replicas', async () => {
    const keyFile = join(dir, 'keys.json');
    await start({ 'identity.kind': 'dcp', 'identity.keyFile': keyFile });
    await start({ 'identity.kind': 'dcp', 'identity.keyFile': keyFile });
    expect(await refusal({ 'identity.kind': 'dcp', 'identity.keyFile': join(dir, 'other-keys.json') })).toMatch(/: identity\.keyFile differs/);
  });

  it('should refuse a replica of another identity kind, participant id, public URL or trusted issuers, naming each', async () => {
    const dcp = { 'identity.kind': 'dcp', 'identity.keyFile': join(dir, 'keys.json'), 'identity.trustedIssuers': ['did:web:authority.example'] };
    await start(dcp);
    expect(await refusal({})).toMatch(
      /^this replica does not share .*: identity\.kind differs from the value the replicas running on this schema use; identity\.trustedIssuers differs/,
    );
    expect(await refusal({ ...dcp, participantId: 'did:web:someone-else.example' })).toMatch(/: participantId differs from the value the replicas running on this schema use$/);
    expect(await refusal({ ...dcp, 'publicApi.url': 'http://replica-b.example' })).toMatch(/: participantId differs .*; publicApi\.url differs/);
    expect(await refusal({ ...dcp, 'identity.trustedIssuers': ['did:web:authority.example', 'did:web:rogue.example'] })).toMatch(/: identity\.trustedIssuers differs/);
    await start(dcp);
    expect(running).toHaveLength(2);
  });

  it('should refuse a replica whose clock is far from the database’s, naming the skew and the lease', async () => {
    const ahead = { now: () => systemClock.now() + 30_000, isoNow: () => toIso(systemClock.now() + 30_000) };
    expect(await refusal({}, { clock: ahead })).toMatch(/^this replica's clock is \d+ ms ahead of the database's .*a quarter of stateMachine\.leaseMs, 10000 ms.*NTP/);
    expect(running).toHaveLength(0);
  });
});
