import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { offerId, policyContentHash, toOdrlOffer } from '../catalog/index.js';
import { freePort } from '../test/helpers/connector-process.js';
import { startConnector, type RunningConnector } from '../test/helpers/start-connector.js';
import { TEST_PG_URL, testStoreConfig } from '../test/helpers/test-database.js';
import { report } from './measure.js';
import { asParty, negotiateOnce } from './negotiation-party.js';

const PROVIDER = 'did:web:bench.replicas.provider';
const POLICY = { '@type': 'Set', permission: [{ action: 'use' }] };
const IN_FLIGHT = 60;

/**
 * Throughput of a provider run as 1 and as 2 in-process replicas (one participant id, one PostgreSQL schema, shared
 * secrets; negotiations started round-robin on the replicas, as a proxy would), each against a fresh schema and a
 * fresh SQLite consumer, in the same run. Skipped, with the reason printed, without KONTOR_TEST_PG_URL.
 */
export async function replicaThroughput(): Promise<void> {
  if (!TEST_PG_URL) {
    console.log(
      '\n## negotiation: provider replicas on PostgreSQL\nskipped: set KONTOR_TEST_PG_URL (a PostgreSQL server the bench may create schemas on) to measure 1 and 2 replicas',
    );
    return;
  }
  const one = await throughputWith(1);
  const two = await throughputWith(2);
  report(
    'negotiation: provider replicas on one PostgreSQL schema (SQLite consumer)',
    [
      { label: `${IN_FLIGHT} concurrent negotiations, 1 replica`, value: one, unit: 'neg/s' },
      { label: `${IN_FLIGHT} concurrent negotiations, 2 replicas`, value: two, unit: 'neg/s' },
    ],
    { label: 'throughput 2 replicas / 1 replica', value: two / one },
  );
}

async function throughputWith(replicas: number): Promise<number> {
  const location = testStoreConfig('postgres');
  const dataRoot = mkdtempSync(join(tmpdir(), 'kontor-bench-replicas-'));
  const firstPort = await freePort();
  const shared = {
    participantId: PROVIDER,
    'publicApi.url': `http://127.0.0.1:${firstPort}`, // one public address for all replicas (checked at start): the first's, as a proxy's
    'store.kind': 'postgres',
    'store.url': TEST_PG_URL,
    'store.schema': location.config.schema,
    'log.level': 'silent',
    'dataPlane.tokenSecret': randomBytes(32).toString('hex'),
    'usage.artifactKek': randomBytes(32).toString('base64'),
    'dataPlane.fileRoot': dataRoot,
    'training.artifactDir': join(dataRoot, 'artifacts'),
  };
  const providers: RunningConnector[] = [];
  let consumer: RunningConnector | undefined;
  try {
    for (let i = 0; i < replicas; i++) providers.push(await startConnector('sqlite', {}, shared, i === 0 ? firstPort : undefined));
    consumer = await startConnector('sqlite', {}, { 'log.level': 'silent' });
    const first = providers[0] as RunningConnector;
    const post = async (path: string, json: unknown) => {
      const res = await first.api(path, { method: 'POST', json });
      if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    };
    await post('/api/v1/assets', { id: 'a', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } });
    await post('/api/v1/policies', { id: 'p', policy: POLICY });
    await post('/api/v1/contract-definitions', { id: 'cd', accessPolicyId: 'p', contractPolicyId: 'p' });
    const built = toOdrlOffer(POLICY, offerId({ definitionId: 'cd', assetId: 'a', policyHash: policyContentHash(POLICY) }), PROVIDER);
    if (!built.ok) throw new Error(built.problem);
    const offer = { ...built.offer, target: 'a' };
    const parties = providers.map(asParty);
    const party = asParty(consumer);
    const negotiate = (i: number) => negotiateOnce(party, parties[i % parties.length] as (typeof parties)[number], offer);
    for (let i = 0; i < 10; i++) await negotiate(i);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => negotiate(i)));
    return IN_FLIGHT / ((performance.now() - t0) / 1000);
  } finally {
    await consumer?.stop();
    for (const p of providers.reverse()) await p.stop();
    await location.cleanup();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}
