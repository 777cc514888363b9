import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { createOutboundPolicy, type OutboundPolicySettings, type ResolveHost } from '../../http/outbound/index.js';
import { RequestValidator } from '../../http/request-validator.js';
import type { Webhook, WebhookStore } from '../../webhooks/index.js';
import { createManagementApp } from '../management-app.js';
import { openApiDocument } from '../openapi-document.js';
import { webhooksRoutes } from './webhooks-routes.js';

const KEY = 'k'.repeat(24);
/** A resolver seam standing in for /etc/hosts: each name's addresses, or no answer. */
const hosts: Record<string, string[]> = {
  'hooks.internal': ['127.0.0.2'],
  'v6.internal': ['::1'],
  'mixed.example': ['93.184.216.34', '10.0.0.7'],
  'hooks.example.com': ['93.184.216.34'],
  'nat64.example': ['64:ff9b::a9fe:a9fe'],
};
const resolveHost: ResolveHost = async (name) => hosts[name];

function served(settings: Partial<OutboundPolicySettings> = {}) {
  const saved: Webhook[] = [];
  const store = { create: async (w: Webhook) => void saved.push(w), list: async () => saved } as unknown as WebhookStore;
  let n = 0;
  const routes = webhooksRoutes({
    store,
    deliveries: {} as never,
    validator: new RequestValidator(openApiDocument),
    ids: { next: () => `wh-${++n}` },
    clock: new FixedClock(),
    allowHttp: true,
    outbound: createOutboundPolicy({ allowLoopback: false, ...settings }),
    resolveHost,
  });
  const app = createManagementApp({ apiKey: KEY, bodyLimitBytes: 64 * 1024, problemTypeBase: 'https://kontor.example/problems/', logger: pino({ level: 'silent' }), routes });
  const create = (url: string) =>
    request(app)
      .post('/api/v1/webhooks')
      .set('x-api-key', KEY)
      .send({ url, events: ['transfer.stateChanged'] });
  return { create, saved };
}

describe('creating a webhook whose host name resolves to a refused address', () => {
  it('should refuse it at creation as a literal loopback address is refused (400 OUTBOUND_REFUSED), naming the address, and store nothing', async () => {
    const { create, saved } = served();
    for (const [url, address] of [
      ['https://hooks.internal/in', '127.0.0.2'],
      ['http://v6.internal:8080/in', '::1'],
      ['https://mixed.example/in', '10.0.0.7'],
    ] as const) {
      const res = await create(url);
      expect([res.status, res.body.code], url).toEqual([400, 'OUTBOUND_REFUSED']);
      expect(res.body.detail).toContain(`resolves to ${address}`);
    }
    expect(saved).toEqual([]);
  });

  // Review: an IPv6 address embedding an IPv4 one (NAT64, 6to4, IPv4-compatible) was judged public whatever it embedded.
  it('should refuse an IPv6 address that embeds a refused IPv4 address, literal or resolved, and store nothing', async () => {
    const { create, saved } = served();
    for (const url of [
      'http://[64:ff9b::a00:5]/x',
      'http://[64:ff9b::169.254.169.254]/x',
      'http://[64:ff9b:1::a00:5]/x',
      'http://[2002:a9fe:a9fe::1]/x',
      'http://[::a00:5]/x',
      'http://198.18.0.1/x',
      'https://nat64.example/in',
    ]) {
      const res = await create(url);
      expect([res.status, res.body.code], url).toEqual([400, 'OUTBOUND_REFUSED']);
    }
    expect(saved).toEqual([]);
    expect((await create('https://[64:ff9b::5db8:d822]/in')).status).toBe(201); // 93.184.216.34 through NAT64: public
  });

  it('should accept a name resolving to a public address, and one that does not resolve now (judged again at delivery)', async () => {
    const { create, saved } = served();
    expect((await create('https://hooks.example.com/in')).status).toBe(201);
    expect((await create('https://not-yet-in-dns.example/in')).status).toBe(201);
    expect(saved.map((w) => w.url)).toEqual(['https://hooks.example.com/in', 'https://not-yet-in-dns.example/in']);
  });

  it('should accept the addresses the operator allows (outbound.allowAddresses, or loopback in the development mode)', async () => {
    expect((await served({ allowAddresses: ['127.0.0.0/8'] }).create('https://hooks.internal/in')).status).toBe(201);
    expect((await served({ allowLoopback: true }).create('https://v6.internal/in')).status).toBe(201);
    expect((await served({ allowAddresses: ['127.0.0.0/8'] }).create('https://mixed.example/in')).status).toBe(400);
  });
});
