import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { loadConfig } from '../connector/config/load-config.js';
import { createConnector, type Connector } from '../connector/connector.js';
import { createDevPeerAuth } from '../connector/peer/dev-peer-auth.js';
import { OFFER_CREDENTIAL_PROPERTY } from '../catalog/index.js';
import { freePort } from '../examples/demo/demo-data-space.js';
import { latencies, median, report } from './measure.js';

const ASSETS = 10_000;
const DEFINITIONS = 10_000;
const PAGE = 100;
const FIRST_PAGES = 20;
const API_KEY = 'bench-api-key-0123456789abcdef';
const CONSUMER = 'Dev did:web:consumer.example';

/**
 * A connector on SQLite with the DCP identity's keys (offers are signed as credentials) and the development peer
 * authentication (no presentation exchange: the figure is the catalog, not DCP, see `npm run bench -- identity`).
 */
async function startProvider(dir: string, name: string, identityKind: 'dcp' | 'dev'): Promise<{ connector: Connector; url: string; versionUrl: string }> {
  const config = loadConfig({
    env: {},
    overrides: {
      'managementApi.apiKey': API_KEY,
      'managementApi.port': 0,
      'publicApi.port': await freePort(),
      'publicApi.host': '127.0.0.1',
      'identity.kind': identityKind,
      'identity.keyFile': join(dir, `${name}-keys.json`),
      'store.path': join(dir, `${name}.db`),
      'log.level': 'silent',
      'runtime.environment': 'test',
    },
  });
  const connector = await createConnector(config, { logger: pino({ level: 'silent' }), peerAuth: createDevPeerAuth({ participantId: config.participantId, environment: 'test' }) });
  const { publicUrl } = await connector.start();
  return { connector, url: `${publicUrl}/api/dsp/catalog/request`, versionUrl: `${publicUrl}/.well-known/dspace-version` };
}

/** 10,000 assets, 10,000 definitions (each pinned to one asset, one of four contract policies), one open access policy. */
async function seed(connector: Connector): Promise<void> {
  const { assets, policies, contractDefinitions } = connector.stores;
  await policies.create({ id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } });
  for (let p = 0; p < 4; p++) {
    await policies.create({
      id: `contract-${p}`,
      policy: {
        '@type': 'Set',
        permission: [
          {
            action: 'use',
            constraint: [
              { leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' },
              { leftOperand: 'count', operator: 'lteq', rightOperand: p + 1 },
            ],
          },
        ],
      },
    });
  }
  for (let i = 0; i < ASSETS; i++) {
    await assets.create({
      id: `asset-${String(i).padStart(5, '0')}`,
      properties: { title: `Dataset ${i}`, keywords: ['bench', `k${i % 10}`], mediaType: 'text/csv' },
      dataAddress: { type: 'HttpData', baseUrl: `http://127.0.0.1:9/${i}` },
    });
  }
  for (let i = 0; i < DEFINITIONS; i++) {
    await contractDefinitions.create({
      id: `cd-${i}`,
      accessPolicyId: 'open',
      contractPolicyId: `contract-${i % 4}`,
      assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: `asset-${String(i % ASSETS).padStart(5, '0')}` }],
    });
  }
}

/** A GET that opens a fresh connection when the idle one was closed under it (tried up to three times). */
async function liveConnection(url: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await (await fetch(url)).text();
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

async function catalogPage(url: string, offset: number, expected: number, signed: boolean): Promise<void> {
  const res = await fetch(`${url}?offset=${offset}&limit=${PAGE}`, {
    method: 'POST',
    headers: { authorization: CONSUMER, 'content-type': 'application/json' },
    body: JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'CatalogRequestMessage' }),
  });
  const body = (await res.json()) as { dataset?: Record<string, unknown>[] };
  const datasets = body.dataset ?? [];
  if (res.status !== 200 || datasets.length !== expected) throw new Error(`catalog answered ${res.status} with ${datasets.length} datasets, expected ${expected}`);
  if (signed && datasets.some((d) => !Array.isArray(d[OFFER_CREDENTIAL_PROPERTY]))) throw new Error('an offer came without its credential');
}

/**
 * One catalog page (100 datasets) against 10,000 assets and 10,000 contract definitions over the real HTTP
 * listener, against the same request to an empty catalog in the same run. The signed figures: offers carry their
 * credentials, signed when published (in the background, at start and after each change) and then served from
 * memory; `first request` figures are the first request for a page once the publication finished. The goal
 * (issue 11): the first request after a change is as fast as a warm one, at most 50 ms for 100 of 10,000 offers.
 */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-catalog-bench-'));
  const started: Connector[] = [];
  try {
    const empty = await startProvider(dir, 'empty', 'dcp');
    const full = await startProvider(dir, 'full', 'dcp');
    const unsigned = await startProvider(dir, 'unsigned', 'dev');
    started.push(empty.connector, full.connector, unsigned.connector);
    const seeding = performance.now();
    await seed(full.connector);
    await seed(unsigned.connector);
    console.log(`seeded 2 × ${ASSETS} assets and ${DEFINITIONS} definitions in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    // Offers are signed when they are published: once at start-up and after every change (here: the stores were
    // written directly, so the publication is asked for as a management write would).
    const publishStart = performance.now();
    await full.connector.publishOffers();
    const publishMs = performance.now() - publishStart;
    const coldStart = performance.now();
    await catalogPage(full.url, 5_000, PAGE, true);
    const cold = performance.now() - coldStart;
    for (let i = 0; i < 30; i++) await catalogPage(empty.url, 0, 0, false);
    for (let i = 0; i < 30; i++) await catalogPage(full.url, 0, PAGE, true);
    for (let i = 0; i < 30; i++) await catalogPage(unsigned.url, 0, PAGE, false);
    const emptyMs = median(await latencies(200, () => catalogPage(empty.url, 0, 0, false)));
    const fullMs = median(await latencies(200, (i) => catalogPage(full.url, (i % 2) * 100, PAGE, true)));
    const unsignedMs = median(await latencies(200, (i) => catalogPage(unsigned.url, (i % 2) * 100, PAGE, false)));
    // A change in a running connector: a contract policy that 2,500 offers use. Its offers are signed again when
    // published (in the background, right after the write); then a page never requested before is asked for.
    const changed = await full.connector.stores.policies.getById('contract-1');
    await full.connector.stores.policies.replace({
      id: changed.id,
      policy: { ...changed.policy, permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] },
    });
    const republishStart = performance.now();
    await full.connector.publishOffers();
    const republishMs = performance.now() - republishStart;
    // A live connection again (the idle one may have been closed meanwhile), without touching the catalog: the
    // next request is the first catalog request after the change.
    await liveConnection(full.versionUrl);
    const afterChangeStart = performance.now();
    await catalogPage(full.url, 1_000, PAGE, true);
    const afterChange = performance.now() - afterChangeStart;
    // Then the first request of each of 20 further pages never asked for before (25 of each page's 100 offers re-signed).
    const firstPagesMs = median(await latencies(FIRST_PAGES, (i) => catalogPage(full.url, 2_000 + i * PAGE, PAGE, true)));
    report(
      `catalog: one page of ${PAGE} datasets, ${ASSETS} assets × ${DEFINITIONS} definitions, SQLite, HTTP`,
      [
        { label: 'empty catalog (baseline), median', value: emptyMs, unit: 'ms' },
        { label: 'full catalog, offers signed (warm), median', value: fullMs, unit: 'ms' },
        { label: 'full catalog, no offer credentials, median', value: unsignedMs, unit: 'ms' },
        { label: 'first catalog request after a policy change (2,500 offers re-signed when published)', value: afterChange, unit: 'ms' },
        { label: `first request of ${FIRST_PAGES} further pages after the change, median`, value: firstPagesMs, unit: 'ms' },
        { label: 'first request of a freshly started process (warm-up: JIT, schema compilation)', value: cold, unit: 'ms' },
        { label: `publishing all ${DEFINITIONS} offers (background, at start)`, value: publishMs / 1000, unit: 's' },
        { label: 're-publishing after the policy change (background)', value: republishMs / 1000, unit: 's' },
      ],
      [
        { label: 'full (signed, warm) / empty', value: fullMs / emptyMs },
        { label: 'first request after the change / warm', value: afterChange / fullMs },
        { label: 'first requests of further pages / warm', value: firstPagesMs / fullMs },
      ],
    );
  } finally {
    for (const c of started) await c.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
