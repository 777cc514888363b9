import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';
import { WEBHOOK_EVENTS } from '../../webhooks/index.js';
import { openApiDocument } from '../openapi-document.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const create = (events: unknown) => c.api('/api/v1/webhooks', { method: 'POST', json: { url: 'https://hooks.example.com/kontor', events } });

describe('webhook routes', () => {
  it('should document as many events as there are, each once', () => {
    const schemas = (openApiDocument as { components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> } }).components.schemas;
    const events = schemas.WebhookInput?.properties.events;
    expect(events).toMatchObject({ maxItems: WEBHOOK_EVENTS.length, uniqueItems: true, items: { enum: [...WEBHOOK_EVENTS] } });
  });

  it('should subscribe to every event at once', async () => {
    const res = await create([...WEBHOOK_EVENTS]);
    expect(res.status).toBe(201);
    expect(((await res.json()) as { events: string[] }).events).toEqual([...WEBHOOK_EVENTS]);
  });

  it('should refuse a repeated event rather than drop it, and create nothing', async () => {
    const before = (await c.connector.stores.webhooks.list()).length;
    const res = await create(['transfer.stateChanged', 'transfer.stateChanged']);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [expect.objectContaining({ pointer: '/events' })] });
    expect((await c.connector.stores.webhooks.list()).length).toBe(before);
  });
});

describe('webhook routes without the loopback allowance (a DCP identity, no did.allowHttpLoopback)', () => {
  let dcp: RunningConnector;
  beforeAll(async () => {
    dcp = await startConnector('sqlite', {}, { 'identity.kind': 'dcp', 'webhooks.allowHttp': true });
  });
  afterAll(async () => dcp.stop());

  it('should refuse a webhook at localhost or a *.localhost name as it refuses 127.0.0.1 (400 OUTBOUND_REFUSED), creating nothing', async () => {
    for (const url of ['http://127.0.0.1:1/x', 'http://localhost:1/x', 'https://LOCALHOST./x', 'http://hooks.localhost/x']) {
      const res = await dcp.api('/api/v1/webhooks', { method: 'POST', json: { url, events: ['transfer.stateChanged'] } });
      expect([res.status, ((await res.json()) as { code?: string }).code], url).toEqual([400, 'OUTBOUND_REFUSED']);
    }
    expect(await dcp.connector.stores.webhooks.list()).toEqual([]);
    const allowed = await dcp.api('/api/v1/webhooks', { method: 'POST', json: { url: 'https://hooks.example.com/kontor', events: ['transfer.stateChanged'] } });
    expect(allowed.status).toBe(201);
  });
});
