import { pino } from 'pino';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { createOutboundPolicy } from '../../http/outbound/index.js';
import { RequestValidator } from '../../http/request-validator.js';
import { SqlStateEntityStore } from '../../store/sql/sql-state-entity-store.js';
import { WebhookSqlStore } from '../../store/sql/webhook-sql-store.js';
import type { WebhookDelivery } from '../../webhooks/index.js';
import { freshDatabase } from '../../../test/helpers/test-database.js';
import { createManagementApp } from '../management-app.js';
import { openApiDocument } from '../openapi-document.js';
import { webhooksRoutes } from './webhooks-routes.js';

const KEY = 'k'.repeat(24);
const clock = new FixedClock(1_000_000);
let app: ReturnType<typeof createManagementApp>;
let deliveries: SqlStateEntityStore<WebhookDelivery>;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  const fresh = await freshDatabase('sqlite');
  cleanup = fresh.cleanup;
  const store = new WebhookSqlStore(fresh.database);
  deliveries = new SqlStateEntityStore<WebhookDelivery>(fresh.database, 'webhook_deliveries', 'webhook delivery', clock);
  let n = 0;
  const routes = webhooksRoutes({
    store,
    deliveries,
    validator: new RequestValidator(openApiDocument),
    ids: { next: () => `wh-${++n}` },
    clock,
    allowHttp: false,
    outbound: createOutboundPolicy({ allowLoopback: false }),
    resolveHost: async () => ['93.184.216.34'],
  });
  app = createManagementApp({ apiKey: KEY, bodyLimitBytes: 64 * 1024, problemTypeBase: 'https://kontor.example/problems/', logger: pino({ level: 'silent' }), routes });
});
afterEach(async () => cleanup());

const api = (method: 'get' | 'post', path: string) => request(app)[method](path).set('x-api-key', KEY);
const subscribe = async (url = 'https://hooks.example.com/in') =>
  (await api('post', '/api/v1/webhooks').send({ url, events: ['transfer.stateChanged'] })).body as { id: string; url: string; secret: string };
const delivery = (id: string, webhookId: string, fields: Partial<WebhookDelivery>): WebhookDelivery => ({
  id,
  webhookId,
  event: 'transfer.stateChanged',
  payload: { id: 'tp-1' },
  state: 'PENDING',
  stateCount: 1,
  stateTimestamp: clock.now(),
  nextAttemptAt: clock.now(),
  pending: false,
  version: 0,
  createdAt: clock.now(),
  updatedAt: clock.now(),
  ...fields,
});

// Review: a delivery that ran out of retries (about a minute with the defaults then) was lost for good.
describe('POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/retry', () => {
  it('should put a FAILED delivery back to PENDING, due now, as a new series of attempts', async () => {
    const { id } = await subscribe();
    await deliveries.save(delivery('d-1', id, { state: 'FAILED', stateCount: 1, attempts: 7, errorDetail: 'PEER_UNAVAILABLE: webhook https://hooks.example.com/in answered 503' }));
    clock.advance(60_000);
    const res = await api('post', `/api/v1/webhooks/${id}/deliveries/d-1/retry`);
    expect([res.status, res.body]).toEqual([
      200,
      {
        id: 'd-1',
        event: 'transfer.stateChanged',
        state: 'PENDING',
        attempts: 0,
        nextAttemptAt: new Date(clock.now()).toISOString(),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    ]);
    expect(await deliveries.getById('d-1')).toMatchObject({ state: 'PENDING', stateCount: 1, nextAttemptAt: clock.now(), payload: { id: 'tp-1' } });
    expect(await deliveries.getById('d-1')).not.toHaveProperty('attempts');
    const listed = (await api('get', `/api/v1/webhooks/${id}/deliveries?state=PENDING`)).body as { items: { id: string }[] };
    expect(listed.items.map((d) => d.id)).toEqual(['d-1']);
  });

  it('should answer 409 INVALID_TRANSITION for a delivery that is not FAILED, changing nothing', async () => {
    const { id } = await subscribe();
    await deliveries.save(delivery('d-p', id, {}));
    await deliveries.save(delivery('d-d', id, { state: 'DELIVERED', attempts: 1, lastStatus: 204 }));
    for (const d of ['d-p', 'd-d']) {
      const before = await deliveries.getById(d);
      const res = await api('post', `/api/v1/webhooks/${id}/deliveries/${d}/retry`);
      expect([res.status, res.body.code], d).toEqual([409, 'INVALID_TRANSITION']);
      expect(await deliveries.getById(d)).toEqual(before);
    }
  });

  it("should answer 404 for an unknown webhook, an unknown delivery, and another webhook's delivery", async () => {
    const { id } = await subscribe();
    const other = await subscribe('https://hooks.example.com/other');
    await deliveries.save(delivery('d-o', other.id, { state: 'FAILED' }));
    for (const path of [`/api/v1/webhooks/no-such/deliveries/d-o/retry`, `/api/v1/webhooks/${id}/deliveries/no-such/retry`, `/api/v1/webhooks/${id}/deliveries/d-o/retry`]) {
      const res = await api('post', path);
      expect([res.status, res.body.code], path).toEqual([404, 'NOT_FOUND']);
    }
    expect((await deliveries.getById('d-o')).state).toBe('FAILED');
  });
});

// Review: a credential in a webhook URL's query was shown back in full by the listing and the read.
describe("a webhook URL's query", () => {
  it('should be shown with each value redacted, names kept, by the creation answer, the listing and the read', async () => {
    const created = await subscribe('https://hooks.example.com/in?token=SECRET-TOKEN&tenant=acme&flag');
    const shown = 'https://hooks.example.com/in?token=<redacted>&tenant=<redacted>&flag';
    expect(created.url).toBe(shown);
    const list = await api('get', '/api/v1/webhooks');
    const one = await api('get', `/api/v1/webhooks/${created.id}`);
    expect([list.body.items[0].url, one.body.url]).toEqual([shown, shown]);
    for (const text of [JSON.stringify(created), list.text, one.text]) expect(text).not.toContain('SECRET-TOKEN');
    expect(created.secret).toEqual(expect.any(String)); // the signing secret is still returned, once
  });
});
