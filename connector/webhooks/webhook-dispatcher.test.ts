import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { openApiDocument } from '../api/openapi-document.js';
import { createOutboundPolicy } from '../http/outbound/index.js';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, sequentialIds, silentLogger, toIso, type Logger } from '../../core/index.js';
import { kekOf, staticKeks } from '../config/artifact-kek.js';
import type { Database } from '../store/database.js';
import { fieldCipher } from '../store/field-cipher.js';
import { loggingBroken } from '../store/logged-field-cipher.js';
import { freshDatabase } from '../../test/helpers/test-database.js';
import { SqlStateEntityStore } from '../store/sql/sql-state-entity-store.js';
import { WebhookSqlStore } from '../store/sql/webhook-sql-store.js';
import type { WebhookDelivery } from './webhook.js';
import { signWebhookBody, WebhookDispatcher } from './webhook-dispatcher.js';
import { stateChangePayload } from './state-change-payload.js';
import { redelivery } from './delivery-transitions.js';

const clock = new FixedClock(1_000_000);
let server: Server;
let url: string;
let statuses: number[];
/** Retry-After headers of the next answers, in order (none when empty or undefined). */
let retryAfters: (string | undefined)[];
let received: { headers: IncomingMessage['headers']; body: string }[];
let dispatcher: WebhookDispatcher;
let deliveries: SqlStateEntityStore<WebhookDelivery>;
let webhooks: WebhookSqlStore;
let cleanup: () => Promise<void>;
let database: Database;

beforeEach(async () => {
  statuses = [];
  retryAfters = [];
  received = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = statuses.shift() ?? 204;
      const after = retryAfters.shift();
      if (after !== undefined) res.setHeader('retry-after', after);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const fresh = await freshDatabase('sqlite');
  cleanup = fresh.cleanup;
  database = fresh.database;
  webhooks = new WebhookSqlStore(fresh.database);
  deliveries = new SqlStateEntityStore<WebhookDelivery>(fresh.database, 'webhook_deliveries', 'webhook delivery', clock);
  dispatcher = new WebhookDispatcher({
    webhooks,
    deliveries,
    clock,
    ids: sequentialIds('d'),
    logger: silentLogger,
    owner: 'w',
    outbound: createOutboundPolicy({ allowLoopback: true }),
    retry: { limit: 3, baseMs: 100, capMs: 100, random: () => 0 },
  });
  await webhooks.create({ id: 'h1', url, events: ['negotiation.stateChanged'], secret: 's3cret', createdAt: 0 });
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  await cleanup();
});

describe('WebhookDispatcher', () => {
  it('should deliver subscribed events signed with HMAC-SHA256 over the exact body, and skip others', async () => {
    await dispatcher.publish('negotiation.stateChanged', { id: 'n1', to: 'FINALIZED' });
    await dispatcher.publish('transfer.stateChanged', { id: 't1' });
    expect(await dispatcher.loop.drain()).toBe(1);
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery?.headers['x-kontor-event']).toBe('negotiation.stateChanged');
    expect(delivery?.headers['x-kontor-signature']).toBe(signWebhookBody('s3cret', delivery?.body ?? ''));
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({ event: 'negotiation.stateChanged', data: { id: 'n1', to: 'FINALIZED' } });
    expect((await deliveries.getById('urn:uuid:d-1')).state).toBe('DELIVERED');
  });

  it('should retry a failing receiver with back-off and then deliver', async () => {
    statuses = [503];
    await dispatcher.publish('negotiation.stateChanged', { id: 'n1' });
    await dispatcher.loop.tick();
    expect((await deliveries.getById('urn:uuid:d-1')).state).toBe('PENDING');
    expect(await dispatcher.loop.tick()).toBe(0);
    clock.advance(100);
    await dispatcher.loop.tick();
    expect((await deliveries.getById('urn:uuid:d-1')).state).toBe('DELIVERED');
    expect(received).toHaveLength(2);
  });

  it('should record the attempts a delivery took and the answer that delivered it, as its listing shows them', async () => {
    statuses = [503, 503];
    await dispatcher.publish('negotiation.stateChanged', { id: 'n1' });
    await dispatcher.loop.tick();
    expect((await webhooks.listDeliveries('h1', { offset: 0, limit: 10 })).items).toEqual([
      expect.objectContaining({ id: 'urn:uuid:d-1', state: 'PENDING', stateCount: 2, errorDetail: expect.stringContaining('503') }),
    ]);
    for (let i = 0; i < 2; i++) {
      clock.advance(100);
      await dispatcher.loop.tick();
    }
    statuses = [410];
    await dispatcher.publish('negotiation.stateChanged', { id: 'n2' });
    await dispatcher.loop.tick();
    const { items, total } = await webhooks.listDeliveries('h1', { offset: 0, limit: 10 });
    expect(total).toBe(2);
    expect(items.map(({ id, state, attempts, lastStatus }) => ({ id, state, attempts, lastStatus }))).toEqual([
      { id: 'urn:uuid:d-1', state: 'DELIVERED', attempts: 3, lastStatus: 204 },
      { id: 'urn:uuid:d-2', state: 'FAILED', attempts: 1, lastStatus: undefined },
    ]);
    expect(items[0]).not.toHaveProperty('payload');
    expect((await webhooks.listDeliveries('h1', { states: ['FAILED'], offset: 0, limit: 10 })).items.map((d) => d.id)).toEqual(['urn:uuid:d-2']);
    expect(await webhooks.listDeliveries('no-such-hook', { offset: 0, limit: 10 })).toEqual({ items: [], total: 0 });
  });

  it('should give up after the retry limit and on a 4xx at once', async () => {
    statuses = [410];
    await dispatcher.publish('negotiation.stateChanged', { id: 'n1' });
    await dispatcher.loop.tick();
    expect(await deliveries.getById('urn:uuid:d-1')).toMatchObject({ state: 'FAILED', errorDetail: expect.stringContaining('410') });
  });

  it('should keep the query of a webhook URL (a token) and fragment out of error details, whatever the failure', async () => {
    const gone = createServer();
    await new Promise<void>((r) => gone.listen(0, '127.0.0.1', r));
    const refused = `http://127.0.0.1:${(gone.address() as AddressInfo).port}/gone?token=SECRET`;
    await new Promise((r) => gone.close(r)); // nothing listens there any more: connection refused
    await webhooks.create({ id: 'h2', url: `${url}?token=SECRET#SECRET`, events: ['transfer.stateChanged'], secret: 's', createdAt: 0 });
    await webhooks.create({ id: 'h3', url: refused, events: ['transfer.stateChanged'], secret: 's', createdAt: 0 });
    const details = async () => {
      const { items } = await deliveries.list({ offset: 0, limit: 10 });
      return Object.fromEntries(items.map((d) => [d.webhookId, d.errorDetail ?? '']));
    };
    statuses = [503];
    await dispatcher.publish('transfer.stateChanged', { id: 't1' });
    expect(await dispatcher.loop.tick()).toBe(2);
    let seen = await details();
    expect(seen.h2).toContain(`${url} answered 503`);
    expect(seen.h3).toContain('/gone');
    statuses = [410];
    clock.advance(100);
    expect(await dispatcher.loop.tick()).toBe(2);
    seen = await details();
    expect(seen.h2).toContain(`${url} answered 410`);
    for (const detail of Object.values(seen)) expect(detail).not.toMatch(/SECRET|token/);
  });

  it('should deliver a body as the OpenAPI webhooks section documents it, signed as documented', async () => {
    const change = { id: 'n1', role: 'consumer', from: 'REQUESTED', to: 'TERMINATED', at: 999_000 };
    const queuedAt = toIso(clock.now());
    await dispatcher.publish('negotiation.stateChanged', stateChangePayload(change, { terminationReason: 'the policy denied it' }));
    await dispatcher.loop.drain();
    const [delivery] = received;
    const body = delivery?.body ?? '';
    const schemas = (openApiDocument as { components: { schemas: Record<string, object> } }).components.schemas;
    const validate = new Ajv2020({ strict: false }).compile(schemas.WebhookStateChangeDelivery ?? {});
    const parsed = JSON.parse(body) as Record<string, unknown>;
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(parsed).toEqual({ id: 'urn:uuid:d-1', event: 'negotiation.stateChanged', at: queuedAt, data: { ...change, reason: 'the policy denied it' } });
    expect(delivery?.headers['x-kontor-delivery']).toBe('urn:uuid:d-1');
    // The key is the secret's UTF-8 text; what is signed is the exact body bytes.
    const expected = `sha256=${createHmac('sha256', Buffer.from('s3cret', 'utf8')).update(Buffer.from(body, 'utf8')).digest('hex')}`;
    expect(delivery?.headers['x-kontor-signature']).toBe(expected);
  });

  // Review: the secret was opened by every read of the webhook store, so one that does not open failed the listing the
  // dispatcher plans deliveries from: no webhook got any event.
  it('should fail only the deliveries of a webhook whose sealed secret does not open, saying so, and deliver the others', async () => {
    const errors: Record<string, unknown>[] = [];
    const logger: Logger = { ...silentLogger, error: (fields) => void errors.push(fields as Record<string, unknown>), child: () => logger };
    const sealed = new WebhookSqlStore(database, loggingBroken(await fieldCipher(staticKeks(kekOf(Buffer.alloc(32, 9)))), logger));
    await database.db.deleteFrom('webhooks').execute();
    await sealed.create({ id: 'broken', url: `${url}?broken`, events: ['transfer.stateChanged'], secret: 'lost', createdAt: 1 });
    await sealed.create({ id: 'whole', url, events: ['transfer.stateChanged'], secret: 'kept', createdAt: 2 });
    const row = await database.db.selectFrom('webhooks').select('secret').where('id', '=', 'broken').executeTakeFirstOrThrow();
    const stored = String(row.secret);
    const at = stored.length - 12;
    const tampered = `${stored.slice(0, at)}${stored[at] === 'A' ? 'B' : 'A'}${stored.slice(at + 1)}`;
    await database.db.updateTable('webhooks').set({ secret: tampered }).where('id', '=', 'broken').execute();
    const sending = new WebhookDispatcher({
      webhooks: sealed,
      deliveries,
      clock,
      ids: sequentialIds('s'),
      logger: silentLogger,
      owner: 'w',
      outbound: createOutboundPolicy({ allowLoopback: true }),
    });
    await sending.publish('transfer.stateChanged', { id: 't1' });
    expect(await sending.loop.drain()).toBe(2);
    expect(received).toHaveLength(1);
    expect(received[0]?.headers['x-kontor-signature']).toBe(signWebhookBody('kept', received[0]?.body ?? ''));
    const { items } = await deliveries.list({ offset: 0, limit: 10 });
    expect(Object.fromEntries(items.map((d) => [d.webhookId, [d.state, d.errorDetail]]))).toEqual({
      whole: ['DELIVERED', undefined],
      broken: ['FAILED', expect.stringMatching(/^STORE_INTEGRITY: the signing secret of webhook 'broken' does not open .*nothing was sent/)],
    });
    expect(errors.map((e) => [e.table, e.column, e.rowId])).toEqual([['webhooks', 'secret', 'broken']]);
  });
  // Review: a receiver's Retry-After was not heeded: a rate-limited or restarting receiver was called again at once.
  it("should wait as long as a 429 or 503 answer's Retry-After asks (seconds or a date), up to the back-off cap, then deliver", async () => {
    const patient = new WebhookDispatcher({
      webhooks,
      deliveries,
      clock,
      ids: sequentialIds('p'),
      logger: silentLogger,
      owner: 'w',
      outbound: createOutboundPolicy({ allowLoopback: true }),
      retry: { limit: 5, baseMs: 100, capMs: 60_000, random: () => 0 },
    });
    statuses = [429, 503, 503];
    retryAfters = ['30', new Date(clock.now() + 30_000 + 45_000).toUTCString(), '7200']; // the date is read after the first wait
    await patient.publish('negotiation.stateChanged', { id: 'n1' });
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await patient.loop.tick();
      const d = await deliveries.getById('urn:uuid:p-1');
      expect(d.state).toBe('PENDING');
      waits.push(d.nextAttemptAt - clock.now());
      clock.advance(d.nextAttemptAt - clock.now());
    }
    expect(waits).toEqual([30_000, 45_000, 60_000]);
    await patient.loop.tick();
    expect(await deliveries.getById('urn:uuid:p-1')).toMatchObject({ state: 'DELIVERED', attempts: 4 });
  });

  it('should use the back-off when it is longer than Retry-After, and give up after the retry limit all the same', async () => {
    statuses = [503, 503, 503];
    retryAfters = ['0', '0', '0'];
    await dispatcher.publish('negotiation.stateChanged', { id: 'n1' });
    await dispatcher.loop.tick();
    expect((await deliveries.getById('urn:uuid:d-1')).nextAttemptAt - clock.now()).toBe(50); // ceiling 100, no jitter: half
    for (let i = 0; i < 2; i++) {
      clock.advance(100);
      await dispatcher.loop.tick();
    }
    expect(await deliveries.getById('urn:uuid:d-1')).toMatchObject({ state: 'FAILED', attempts: 3 });
  });

  // Review: a FAILED delivery could not be sent again.
  it('should send a FAILED delivery again once it is put back to PENDING, with the same id and body', async () => {
    statuses = [410];
    await dispatcher.publish('negotiation.stateChanged', { id: 'n1' });
    await dispatcher.loop.tick();
    const failed = await deliveries.getById('urn:uuid:d-1');
    expect(failed.state).toBe('FAILED');
    expect(() => redelivery({ ...failed, state: 'DELIVERED' }, clock)).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
    await deliveries.save(redelivery(failed, clock));
    expect(await dispatcher.loop.tick()).toBe(1);
    expect(await deliveries.getById('urn:uuid:d-1')).toMatchObject({ state: 'DELIVERED', attempts: 1, lastStatus: 204 });
    expect(received.map((r) => r.headers['x-kontor-delivery'])).toEqual(['urn:uuid:d-1', 'urn:uuid:d-1']);
    expect(received[1]?.body).toBe(received[0]?.body);
  });
});
