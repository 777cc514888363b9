import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';
import { openDatabase } from '../../connector/store/database.js';

/** Issue 17 item 6: asset source credentials and webhook signing secrets are sealed in the database. */
for (const { backend, skip } of BACKENDS) {
  describe.skipIf(skip)(`secrets at rest on ${backend}`, () => {
    let c: RunningConnector;
    const dataAddress = { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/data?sig=src-sig-s3cret&key=src-key-s3cret', authorization: 'Bearer src-token-s3cret' };
    const webhookSecret = 'webhook-signing-s3cret-0123456789';

    beforeAll(async () => {
      c = await startConnector(backend, {}, { 'webhooks.allowHttp': true });
      expect((await c.api('/api/v1/assets', { method: 'POST', json: { id: 'a1', properties: { title: 'A' }, dataAddress } })).status).toBe(201);
      expect((await c.api('/api/v1/webhooks', { method: 'POST', json: { url: 'http://127.0.0.1:9/hook', events: ['transfer.stateChanged'], secret: webhookSecret } })).status).toBe(
        201,
      );
    });
    afterAll(async () => c?.stop());

    it('should hold neither in clear in the database', async () => {
      // The stores do not hand out their database: read the rows through a handle of our own.
      const database = await openDatabase(c.connector.config.store);
      const raw = JSON.stringify([await database.db.selectFrom('assets').selectAll().execute(), await database.db.selectFrom('webhooks').selectAll().execute()]);
      await database.close();
      for (const secret of ['src-key-s3cret', 'src-sig-s3cret', 'src-token-s3cret', webhookSecret]) expect(raw).not.toContain(secret);
      expect(raw).toMatch(/fs1:kek-[0-9a-f]{16}:/);
    });

    it('should still give the connector both in clear', async () => {
      expect((await c.connector.stores.assets.getById('a1')).dataAddress).toEqual(dataAddress);
      const [webhook] = await c.connector.stores.webhooks.list();
      expect((await c.connector.stores.webhooks.findWithSecret(webhook?.id ?? ''))?.secret).toBe(webhookSecret);
    });
  });
}
