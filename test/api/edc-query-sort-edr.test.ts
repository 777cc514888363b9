import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LooseJson } from '../helpers/loose-json.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { negotiate, offerFiles, RESEARCH, startTransfer } from '../helpers/transfer-fixture.js';

let provider: RunningConnector;
let consumer: RunningConnector;
let dataRoot: string;
const transfers: string[] = [];
beforeAll(async () => {
  dataRoot = mkdtempSync(join(tmpdir(), 'kontor-query-data-'));
  writeFileSync(join(dataRoot, 'a.csv'), 'x\n1\n');
  writeFileSync(join(dataRoot, 'b.csv'), 'x\n2\n');
  provider = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20, 'dataPlane.fileRoot': dataRoot });
  consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
  await offerFiles(provider, [
    { id: 'b-asset', path: 'b.csv', mediaType: 'text/csv' },
    { id: 'a-asset', path: 'a.csv', mediaType: 'application/octet-stream' },
  ]);
  // An asset with a property of its own (EDC's `site`, stored as edc:site): sortable by it, since an asset has it.
  const site = {
    '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
    '@id': 'c-asset',
    properties: { name: 'c', site: 'north' },
    dataAddress: { type: 'File', path: 'a.csv' },
  };
  expect((await provider.api('/management/v3/assets', { method: 'POST', json: site })).status).toBe(200);
  const cd2 = { id: 'cd2', accessPolicyId: 'research', contractPolicyId: 'open', assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'none' }] };
  expect((await provider.api('/api/v1/contract-definitions', { method: 'POST', json: cd2 })).status).toBe(201);
  for (const asset of ['b-asset', 'a-asset']) {
    const agreementId = await negotiate(consumer, provider, asset);
    transfers.push((await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH })).id);
  }
});
afterAll(async () => {
  await consumer?.stop();
  await provider?.stop();
  if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
});

const V3 = '/management/v3';
type Problem = { code: string; errors: { pointer: string; message: string }[] };
const call = async (c: RunningConnector, path: string, init: { method?: string; json?: unknown } = {}) => {
  const res = await c.api(`${V3}${path}`, init);
  return { status: res.status, body: (await res.json()) as LooseJson & Problem };
};

describe('EDC v3 EDR data address: auto_refresh', () => {
  it('should answer auto_refresh=true with the EDR, refuse auto_refresh=false and any other parameter, naming it', async () => {
    const id = encodeURIComponent(transfers[0] as string);
    const edr = await call(consumer, `/edrs/${id}/dataaddress?auto_refresh=true`);
    expect(edr.status).toBe(200);
    expect(edr.body).toMatchObject({ endpoint: expect.any(String), authorization: expect.any(String) });
    expect((await fetch(edr.body.endpoint, { headers: { authorization: edr.body.authorization } })).status).toBe(200);
    expect((await call(consumer, `/edrs/${id}/dataaddress`)).status).toBe(200);
    for (const [query, pointers] of [
      ['auto_refresh=false', ['?auto_refresh']],
      ['foo=1', ['?foo']],
      ['auto_refresh=true&foo=1', ['?foo']],
    ] as const) {
      const refused = await call(consumer, `/edrs/${id}/dataaddress?${query}`);
      expect([query, refused.status, refused.body.code, refused.body.errors.map((e) => e.pointer)]).toEqual([query, 400, 'INVALID_QUERY', pointers]);
    }
  });
});

/** A field's value in a v3 answer: `@id`, a top-level field, or an asset property. */
const fieldValue = (item: LooseJson, field: string): unknown => (field === 'id' ? item['@id'] : (item[field] ?? item.properties?.[field]));
const compare = (a: unknown, b: unknown): number => {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
};

describe('EDC v3 QuerySpec sortField and sortOrder on every /request route', () => {
  const routes = [
    ['provider', '/assets/request'],
    ['provider', '/policydefinitions/request'],
    ['provider', '/contractdefinitions/request'],
    ['consumer', '/contractnegotiations/request'],
    ['consumer', '/contractagreements/request'],
    ['consumer', '/transferprocesses/request'],
    ['consumer', '/edrs/request'],
  ] as const;
  const query = (q: Record<string, unknown>) => ({ json: { '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, '@type': 'QuerySpec', ...q }, method: 'POST' });

  it.each(routes)('on the %s, %s: should refuse an unknown sortField listing the sortable ones, and honour sortOrder on each', async (side, path) => {
    const c = side === 'provider' ? provider : consumer;
    const unknown = await call(c, path, query({ sortField: 'nosuchfield', sortOrder: 'DESC' }));
    expect([unknown.status, unknown.body.code, unknown.body.errors.map((e) => e.pointer)]).toEqual([400, 'VALIDATION_FAILED', ['/sortField']]);
    const listed = /\(sortable: ([^)]+)\)/.exec(unknown.body.errors[0]?.message ?? '')?.[1]?.split(', ') ?? [];
    expect(listed[0]).toBe('id');
    if (path === '/assets/request') expect(listed).toEqual(expect.arrayContaining(['name', 'contenttype', 'site']));
    expect(listed.length).toBeGreaterThan(side === 'provider' && path === '/policydefinitions/request' ? 1 : 2);
    const lone = await call(c, path, query({ sortOrder: 'DESC' }));
    expect([lone.status, lone.body.errors.map((e) => e.pointer)]).toEqual([400, ['/sortOrder']]);

    for (const field of listed) {
      const asc = await call(c, path, query({ sortField: field, sortOrder: 'ASC' }));
      const desc = await call(c, path, query({ sortField: field, sortOrder: 'DESC' }));
      expect([field, asc.status, desc.status]).toEqual([field, 200, 200]);
      const ids = (items: LooseJson[]) => items.map((i) => i['@id']);
      expect(ids(asc.body as unknown as LooseJson[]).length).toBeGreaterThanOrEqual(2);
      expect([field, ids(desc.body as unknown as LooseJson[])]).toEqual([field, ids(asc.body as unknown as LooseJson[]).reverse()]);
      const values = (asc.body as unknown as LooseJson[]).map((i) => fieldValue(i, field));
      for (let i = 1; i < values.length; i++) expect([field, compare(values[i - 1], values[i]) <= 0]).toEqual([field, true]);
    }
  });
});
