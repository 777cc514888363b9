import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import type { LooseJson } from '../helpers/loose-json.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const SECRET = 'tenant-key-s3cret';
const options = {
  type: 'HttpData',
  baseUrl: 'http://127.0.0.1:9/api',
  proxyPath: 'true',
  proxyQueryParams: true,
  proxyMethod: 'true',
  proxyBody: 'false',
  'oauth2:tokenUrl': 'http://127.0.0.1:9/token',
  'oauth2:clientId': 'kontor',
  'oauth2:clientSecretKey': 'backend-client',
  'oauth2:scope': 'read',
  'header:X-Tenant-Key': SECRET,
};

/** The HttpData options on /api/v1: the same rules as /management/v3 (one implementation, connector/dataplane/httpdata). */
describe('HttpData options on /api/v1', () => {
  it('should take the known options, keep them, and show secrets and extra header values only redacted', async () => {
    const created = await c.api('/api/v1/assets', { method: 'POST', json: { id: 'h1', properties: { title: 'H' }, dataAddress: options } });
    expect(created.status).toBe(201);
    expect((await c.connector.stores.assets.getById('h1')).dataAddress).toEqual(options);
    const shown = await (await c.api('/api/v1/assets/h1')).text();
    expect(shown).not.toContain(SECRET);
    expect(JSON.parse(shown).dataAddress).toMatchObject({
      'header:X-Tenant-Key': '<redacted>',
      'oauth2:clientSecretKey': '<redacted>',
      'oauth2:clientId': 'kontor',
      proxyPath: 'true',
    });
    expect(await (await c.api('/management/v3/assets/h1')).text()).not.toContain(SECRET);
  });

  it('should keep redacted values on replace, and check the replaced address like a new one', async () => {
    const shown = (await (await c.api('/api/v1/assets/h1')).json()) as { properties: unknown; dataAddress: Record<string, unknown> };
    const replaced = await c.api('/api/v1/assets/h1', { method: 'PUT', json: { properties: shown.properties, dataAddress: { ...shown.dataAddress, proxyBody: 'true' } } });
    expect(replaced.status).toBe(200);
    expect((await c.connector.stores.assets.getById('h1')).dataAddress).toEqual({ ...options, proxyBody: 'true' });
    const bad = await c.api('/api/v1/assets/h1', { method: 'PUT', json: { properties: shown.properties, dataAddress: { ...shown.dataAddress, 'header:Host': 'evil' } } });
    expect(bad.status).toBe(400);
  });

  it('should take back on /management/v3 the asset as v3 shows it (redacted values kept), and check the merged address', async () => {
    const { createdAt: _createdAt, ...shown } = (await (await c.api('/management/v3/assets/h1')).json()) as LooseJson;
    expect(shown.dataAddress['oauth2:clientSecretKey']).toBe('<redacted>');
    const replaced = await c.api('/management/v3/assets', { method: 'PUT', json: shown });
    expect(replaced.status, await replaced.clone().text()).toBeLessThan(300);
    expect((await c.connector.stores.assets.getById('h1')).dataAddress).toEqual({ ...options, proxyBody: 'true' });
    const bad = await c.api('/management/v3/assets', { method: 'PUT', json: { ...shown, dataAddress: { ...shown.dataAddress, 'header:Connection': 'close' } } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toEqual(['/dataAddress/header:Connection']);
  });

  it('should refuse unknown and invalid options when the asset is created, naming each', async () => {
    const res = await c.api('/api/v1/assets', {
      method: 'POST',
      json: {
        id: 'h2',
        properties: { title: 'H' },
        dataAddress: {
          type: 'HttpData',
          baseUrl: 'http://127.0.0.1:9/x',
          method: 'POST',
          'header:Authorization': 'x',
          proxyBody: 'true',
          authKey: 'X-Api-Key',
          secretName: '../etc/passwd',
        },
      },
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { pointer: string }[] };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e) => e.pointer).sort()).toEqual([
      '/dataAddress/authKey',
      '/dataAddress/header:Authorization',
      '/dataAddress/method',
      '/dataAddress/proxyBody',
      '/dataAddress/secretName',
    ]);
    expect((await c.api('/api/v1/assets/h2')).status).toBe(404);
  });
});
