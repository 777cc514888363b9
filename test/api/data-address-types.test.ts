import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLINIC_SCHEMA, writeClinicCsvs } from '../helpers/clinic-csv.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

let c: RunningConnector;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-data-address-'));
  c = await startConnector('sqlite', {}, { 'dataPlane.fileRoot': dir, 'training.dataRoot': dir });
});
afterAll(async () => {
  await c.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Problem = { code: string; errors: { pointer: string; message: string }[] };
const send = async (path: string, method: string, json: unknown) => {
  const res = await c.api(path, { method, json });
  return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as Problem & Record<string, unknown> };
};
const pointers = (body: Problem) => body.errors.map((e) => e.pointer);
const asset = (id: string, dataAddress: Record<string, unknown>, properties: Record<string, unknown> = {}) => ({ id, properties: { title: id, ...properties }, dataAddress });

/** Every data-address type's options are checked on /api/v1 as on /management/v3; Kontor's own property is refused. */
describe('data addresses and Kontor-written properties on /api/v1/assets', () => {
  it("should refuse a File address's unknown option on create and on replace, and store nothing", async () => {
    const bad = await send('/api/v1/assets', 'POST', asset('f1', { type: 'File', path: 'x.csv', bogus: '1' }));
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors).toEqual([{ pointer: '/dataAddress/bogus', message: "is not an option Kontor honours for a 'File' data address (honoured: type, path)" }]);
    expect((await c.api('/api/v1/assets/f1')).status).toBe(404);
    expect((await send('/api/v1/assets', 'POST', asset('f1', { type: 'File', path: 'x.csv' }))).status).toBe(201);
    const replaced = await send('/api/v1/assets/f1', 'PUT', asset('f1', { type: 'File', path: 'x.csv', bogus: '1' }));
    expect([replaced.status, pointers(replaced.body)]).toEqual([400, ['/dataAddress/bogus']]);
    expect(pointers((await send('/api/v1/assets', 'POST', asset('f2', { type: 'File' }))).body)).toEqual(['/dataAddress/path']);
  });

  it('should refuse a type Kontor does not serve, naming /dataAddress/type and listing the supported ones', async () => {
    const typo = await send('/api/v1/assets', 'POST', asset('t1', { type: 'HTTPData', baseUrl: 'https://x', bogus: 1 }));
    expect([typo.status, typo.body.errors]).toEqual([
      400,
      [{ pointer: '/dataAddress/type', message: "'HTTPData' is not a data-address type Kontor serves (supported: HttpData, File, TrainingData): did you mean 'HttpData'?" }],
    ]);
    const s3 = await send('/api/v1/assets', 'POST', asset('t2', { type: 'AmazonS3', whatever: {} }));
    expect([s3.status, pointers(s3.body)]).toEqual([400, ['/dataAddress/type']]);
    expect((await send('/api/v1/assets', 'POST', asset('t3', { type: 'test' }))).status).toBe(400);
    for (const id of ['t1', 't2', 't3']) expect((await c.api(`/api/v1/assets/${id}`)).status).toBe(404);
  });

  it("should keep EDC's bare sample type on /management/v3 (a transfer of it fails visibly), but no option with it", async () => {
    const edc = (dataAddress: Record<string, unknown>) =>
      send('/management/v3/assets', 'POST', { '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, '@id': 'edc-test', properties: { name: 'T' }, dataAddress });
    const withOption = await edc({ type: 'test', bucket: 'b' });
    expect([withOption.status, pointers(withOption.body)]).toEqual([400, ['/dataAddress/bucket']]);
    expect((await edc({ type: 'test' })).status).toBe(200);
  });

  it('should refuse a TrainingData address over a shipped data set with an option it does not take, or an unknown part', async () => {
    const penguins = { type: 'TrainingData', source: 'vega-datasets/penguins' };
    expect((await send('/api/v1/assets', 'POST', asset('p1', { ...penguins, island: 'Dream' }))).status).toBe(201);
    const extra = await send('/api/v1/assets', 'POST', asset('p2', { ...penguins, island: 'Dream', hospital: 'Lakeside' }));
    expect([extra.status, extra.body.code, pointers(extra.body)]).toEqual([400, 'VALIDATION_FAILED', ['/dataAddress/hospital']]);
    expect(pointers((await send('/api/v1/assets', 'POST', asset('p3', { ...penguins, island: 'Atlantis' }))).body)).toEqual(['/dataAddress/island']);
  });

  it('should refuse kontor:trainingData given by the client, and take it back on replace only unchanged as shown', async () => {
    const fake = await send('/api/v1/assets', 'POST', asset('k1', { type: 'File', path: 'x.csv' }, { 'kontor:trainingData': { fake: 1 } }));
    expect([fake.status, fake.body.code, pointers(fake.body)]).toEqual([400, 'VALIDATION_FAILED', ['/properties/kontor:trainingData']]);
    expect((await c.api('/api/v1/assets/k1')).status).toBe(404);

    const [path] = writeClinicCsvs(dir, ['harbour'], 120);
    const own = { type: 'TrainingData', format: 'csv', path, schema: CLINIC_SCHEMA };
    expect((await send('/api/v1/assets', 'POST', asset('k2', own))).status).toBe(201);
    const shown = (await (await c.api('/api/v1/assets/k2')).json()) as { properties: Record<string, unknown>; dataAddress: Record<string, unknown> };
    expect(shown.properties['kontor:trainingData']).toMatchObject({ schemaHash: expect.any(String) });
    const echoed = await send('/api/v1/assets/k2', 'PUT', { properties: { ...shown.properties, description: 'd' }, dataAddress: shown.dataAddress });
    expect(echoed.status).toBe(200);
    expect((echoed.body.properties as Record<string, unknown>)['kontor:trainingData']).toEqual(shown.properties['kontor:trainingData']);
    const changed = await send('/api/v1/assets/k2', 'PUT', { properties: { ...shown.properties, 'kontor:trainingData': { fake: 1 } }, dataAddress: shown.dataAddress });
    expect([changed.status, pointers(changed.body)]).toEqual([400, ['/properties/kontor:trainingData']]);
  });
});
