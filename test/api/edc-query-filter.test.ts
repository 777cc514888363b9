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
beforeAll(async () => {
  dataRoot = mkdtempSync(join(tmpdir(), 'kontor-filter-data-'));
  writeFileSync(join(dataRoot, 'a.csv'), 'x\n1\n');
  provider = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20, 'dataPlane.fileRoot': dataRoot });
  consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
  await offerFiles(provider, [{ id: 'a-asset', path: 'a.csv', mediaType: 'text/csv' }]);
  const agreementId = await negotiate(consumer, provider, 'a-asset');
  await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
});
afterAll(async () => {
  await consumer?.stop();
  await provider?.stop();
  if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
});

type Problem = { code: string; errors: { pointer: string; message: string }[] };
const request = async (c: RunningConnector, path: string, ...filterExpression: { operandLeft: string; operator: string; operandRight: unknown }[]) => {
  const json = { '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, '@type': 'QuerySpec', filterExpression };
  const res = await c.api(`/management/v3${path}`, { method: 'POST', json });
  return { status: res.status, body: (await res.json()) as LooseJson & Problem };
};
const routes = [
  ['provider', '/policydefinitions/request'],
  ['provider', '/contractdefinitions/request'],
  ['consumer', '/contractnegotiations/request'],
  ['consumer', '/contractagreements/request'],
  ['consumer', '/transferprocesses/request'],
  ['consumer', '/edrs/request'],
] as const;

describe('EDC v3 QuerySpec filterExpression on every /request route', () => {
  it.each(routes)('on the %s, %s: should refuse a field the items lack (title too), and match on every field it lists', async (side, path) => {
    const c = side === 'provider' ? provider : consumer;
    for (const [left, operator] of [
      ['nosuch', '!='],
      ['nosuch', '='],
      ['title', '='],
    ]) {
      const refused = await request(c, path, { operandLeft: left as string, operator: operator as string, operandRight: '' });
      expect([left, refused.status, refused.body.code, refused.body.errors?.map((e) => e.pointer)]).toEqual([left, 400, 'VALIDATION_FAILED', ['/filterExpression/operandLeft']]);
      expect(refused.body.errors[0]?.message).toMatch(new RegExp(`^'${left}' is not a field these items can be filtered on \\(filterable: id, `));
    }
    const two = await request(c, path, { operandLeft: 'id', operator: '!=', operandRight: 'x' }, { operandLeft: 'nosuch', operator: 'in', operandRight: ['x'] });
    expect([two.status, two.body.errors?.map((e) => e.pointer)]).toEqual([400, ['/filterExpression/1/operandLeft']]);

    const listed =
      /\(filterable: ([^)]+)\)/.exec((await request(c, path, { operandLeft: 'nosuch', operator: '=', operandRight: 'x' })).body.errors[0]?.message ?? '')?.[1]?.split(', ') ?? [];
    const all = (await request(c, path)).body as unknown as LooseJson[];
    expect(all.length).toBeGreaterThanOrEqual(1);
    for (const field of listed) {
      const item = all.find((i) => typeof (field === 'id' ? i['@id'] : i[field]) === 'string');
      if (!item) continue; // a field none of these items holds as text (a number, or absent): accepted, matching none
      const hits = await request(c, path, { operandLeft: field, operator: '=', operandRight: field === 'id' ? item['@id'] : item[field] });
      expect([field, hits.status, (hits.body as unknown as LooseJson[]).map((i) => i['@id'])]).toEqual([field, 200, expect.arrayContaining([item['@id']])]);
    }
  });

  it('should take the nested fields a view has, and refuse those it lacks', async () => {
    expect((await request(consumer, '/transferprocesses/request', { operandLeft: 'dataDestination.type', operator: '=', operandRight: 'HttpData' })).status).toBe(200);
    for (const [path, left] of [
      ['/contractnegotiations/request', 'contractAgreement.assetId'],
      ['/edrs/request', 'contractNegotiationId'],
      ['/transferprocesses/request', 'dataDestination.nosuch'],
    ] as const) {
      const refused = await request(consumer, path, { operandLeft: left, operator: '=', operandRight: 'x' });
      expect([left, refused.status, refused.body.errors?.[0]?.pointer]).toEqual([left, 400, '/filterExpression/operandLeft']);
    }
  });

  it('should let an asset filter name any property, as an asset selector may: one no asset has matches none', async () => {
    const none = await request(provider, '/assets/request', { operandLeft: 'nosuch', operator: '=', operandRight: 'x' });
    expect([none.status, none.body]).toEqual([200, []]);
    const titled = await request(provider, '/assets/request', { operandLeft: 'name', operator: '=', operandRight: 'a-asset' });
    expect((titled.body as unknown as LooseJson[]).map((a) => a['@id'])).toEqual(['a-asset']);
  });
});
