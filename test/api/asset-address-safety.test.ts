import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LooseJson } from '../helpers/loose-json.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

let rooted: RunningConnector;
let rootless: RunningConnector;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kontor-file-root-'));
  rooted = await startConnector('sqlite', {}, { 'dataPlane.fileRoot': root });
  rootless = await startConnector('sqlite');
});
afterAll(async () => {
  await rooted?.stop();
  await rootless?.stop();
  rmSync(root, { recursive: true, force: true });
});

type Problem = { code: string; errors: { pointer: string; message: string }[] };
const EDC = { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' };
const v1 = (id: string, dataAddress: Record<string, unknown>) => ({ id, properties: { title: id }, dataAddress });
const v3 = (id: string, dataAddress: Record<string, unknown>) => ({ '@context': EDC, '@id': id, properties: { name: id }, dataAddress });
const send = async (c: RunningConnector, path: string, method: string, json: unknown) => {
  const res = await c.api(path, { method, json });
  const text = await res.text();
  return { status: res.status, text, body: (text ? JSON.parse(text) : {}) as Problem & LooseJson };
};
const refusal = (r: { status: number; body: Problem }) => [r.status, r.body.code, r.body.errors?.map((e) => e.pointer)];

describe('File assets below dataPlane.fileRoot, checked when created or replaced', () => {
  it('should refuse a path outside the root on /api/v1 and /management/v3, create and replace, without telling the root', async () => {
    for (const path of ['/etc/passwd', '../../../etc/passwd', 'sub/../../x.csv']) {
      const created = await send(rooted, '/api/v1/assets', 'POST', v1('out', { type: 'File', path }));
      expect([path, ...refusal(created)]).toEqual([path, 400, 'VALIDATION_FAILED', ['/dataAddress/path']]);
      expect(created.body.errors[0]?.message).toMatch(/outside the data root/);
      expect(created.text).not.toContain(root);
      expect(refusal(await send(rooted, '/management/v3/assets', 'POST', v3('out', { type: 'File', path })))).toEqual([400, 'VALIDATION_FAILED', ['/dataAddress/path']]);
    }
    expect((await rooted.api('/api/v1/assets/out')).status).toBe(404);

    expect((await send(rooted, '/api/v1/assets', 'POST', v1('in', { type: 'File', path: 'sub/x.csv' }))).status).toBe(201);
    expect((await send(rooted, '/api/v1/assets', 'POST', v1('in-abs', { type: 'File', path: join(root, 'x.csv') }))).status).toBe(201);
    expect((await send(rooted, '/management/v3/assets', 'POST', v3('in-v3', { type: 'File', path: 'x.csv' }))).status).toBe(200);
    expect(refusal(await send(rooted, '/api/v1/assets/in', 'PUT', v1('in', { type: 'File', path: '/etc/passwd' })))).toEqual([400, 'VALIDATION_FAILED', ['/dataAddress/path']]);
    expect(refusal(await send(rooted, '/management/v3/assets', 'PUT', v3('in-v3', { type: 'File', path: '../x.csv' })))).toEqual([400, 'VALIDATION_FAILED', ['/dataAddress/path']]);
    expect((await rooted.connector.stores.assets.getById('in')).dataAddress).toEqual({ type: 'File', path: 'sub/x.csv' });
    expect((await rooted.connector.stores.assets.getById('in-v3')).dataAddress).toEqual({ type: 'File', path: 'x.csv' });
  });

  it('should refuse every File asset when no fileRoot is configured, saying that the setting is needed', async () => {
    const created = await send(rootless, '/api/v1/assets', 'POST', v1('f', { type: 'File', path: 'x.csv' }));
    expect(refusal(created)).toEqual([400, 'VALIDATION_FAILED', ['/dataAddress/path']]);
    expect(created.body.errors[0]?.message).toMatch(/dataPlane\.fileRoot/);
    expect(refusal(await send(rootless, '/management/v3/assets', 'POST', v3('f', { type: 'File', path: 'x.csv' })))).toEqual([400, 'VALIDATION_FAILED', ['/dataAddress/path']]);
  });
});

describe('HttpData baseUrl: no user-info, query values shown redacted', () => {
  const SIG = 'sig-value-s3cret';
  const stored = `http://127.0.0.1:9/data?sv=2024&sig=${SIG}&download`;

  it('should refuse a user name or password in baseUrl on both APIs, pointing at the authorization property', async () => {
    for (const baseUrl of ['http://user:pa55@127.0.0.1:9/x', 'http://user@127.0.0.1:9/x']) {
      const created = await send(rooted, '/api/v1/assets', 'POST', v1('u', { type: 'HttpData', baseUrl }));
      expect(refusal(created)).toEqual([400, 'VALIDATION_FAILED', ['/dataAddress/baseUrl']]);
      expect(created.body.errors[0]?.message).toMatch(/authorization property/);
      expect(refusal(await send(rooted, '/management/v3/assets', 'POST', v3('u', { type: 'HttpData', baseUrl })))).toEqual([400, 'VALIDATION_FAILED', ['/dataAddress/baseUrl']]);
    }
    expect((await rooted.api('/api/v1/assets/u')).status).toBe(404);
  });

  it("should show each value of baseUrl's query as <redacted>, names kept, on /api/v1 and /management/v3", async () => {
    expect((await send(rooted, '/api/v1/assets', 'POST', v1('q', { type: 'HttpData', baseUrl: stored }))).status).toBe(201);
    const shown = 'http://127.0.0.1:9/data?sv=<redacted>&sig=<redacted>&download';
    const one = await send(rooted, '/api/v1/assets/q', 'GET', undefined);
    expect(one.text).not.toContain(SIG);
    expect(one.body.dataAddress.baseUrl).toBe(shown);
    const list = await send(rooted, '/api/v1/assets', 'GET', undefined);
    expect(list.text).not.toContain(SIG);
    const edc = await send(rooted, '/management/v3/assets/q', 'GET', undefined);
    expect(edc.text).not.toContain(SIG);
    expect(edc.body.dataAddress.baseUrl).toBe(shown);
    expect((await send(rooted, '/management/v3/assets/request', 'POST', { '@context': EDC, '@type': 'QuerySpec' })).text).not.toContain(SIG);
  });

  it('should keep the stored query values when a replace sends the shown baseUrl back, and take a real URL as sent', async () => {
    const shown = (await send(rooted, '/api/v1/assets/q', 'GET', undefined)).body;
    const echoed = await send(rooted, '/api/v1/assets/q', 'PUT', { properties: { ...shown.properties, description: 'd' }, dataAddress: shown.dataAddress });
    expect(echoed.status).toBe(200);
    expect((await rooted.connector.stores.assets.getById('q')).dataAddress.baseUrl).toBe(stored);

    const fresh = 'http://127.0.0.1:9/data?sv=2025&sig=new-s1g';
    expect((await send(rooted, '/api/v1/assets/q', 'PUT', v1('q', { type: 'HttpData', baseUrl: fresh }))).status).toBe(200);
    expect((await rooted.connector.stores.assets.getById('q')).dataAddress.baseUrl).toBe(fresh);

    const { createdAt: _createdAt, ...v3shown } = (await send(rooted, '/management/v3/assets/q', 'GET', undefined)).body;
    const v3echo = await send(rooted, '/management/v3/assets', 'PUT', v3shown);
    expect(v3echo.status, v3echo.text).toBe(204);
    expect((await rooted.connector.stores.assets.getById('q')).dataAddress.baseUrl).toBe(fresh);
    expect((await send(rooted, '/management/v3/assets', 'PUT', v3('q', { type: 'HttpData', baseUrl: stored }))).status).toBe(204);
    expect((await rooted.connector.stores.assets.getById('q')).dataAddress.baseUrl).toBe(stored);

    const unknown = await send(rooted, '/api/v1/assets/q', 'PUT', v1('q', { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/data?token=<redacted>' }));
    expect(refusal(unknown)).toEqual([400, 'VALIDATION_FAILED', ['/dataAddress/baseUrl']]);
    expect((await rooted.connector.stores.assets.getById('q')).dataAddress.baseUrl).toBe(stored);
  });
});
