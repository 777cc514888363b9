import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

/** Issue 17 item 2: webhook URLs pass the outbound policy, not only an https check (`webhooks.allowHttp` on here). */
describe('webhook targets', () => {
  let c: RunningConnector;
  beforeAll(async () => {
    c = await startConnector('sqlite', {}, { 'webhooks.allowHttp': true });
  });
  afterAll(async () => c?.stop());
  const create = (url: string) => c.api('/api/v1/webhooks', { method: 'POST', json: { url, events: ['transfer.stateChanged'] } });

  it.each([
    'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
    'https://169.254.169.254/latest/meta-data/',
    'http://10.0.0.7:8080/hook',
    'https://[fe80::1]/hook',
    'https://ops:s3cret@hooks.example/kontor',
  ])('should refuse %s', async (url) => {
    const res = await create(url);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'OUTBOUND_REFUSED' });
    expect((await c.connector.stores.webhooks.list()).map((w) => w.url)).not.toContain(url);
  });

  it('should still accept a loopback target in the development mode and an https one', async () => {
    expect((await create('http://127.0.0.1:9/hook')).status).toBe(201);
    expect((await create('https://hooks.example/kontor')).status).toBe(201);
  });
});
