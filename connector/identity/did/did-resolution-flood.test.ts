import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../../http/outbound/index.js';
import { FixedClock } from '../../../core/index.js';
import { startHostileServer, type HostileServer } from '../../../test/helpers/hostile-servers.js';
import { boundedJsonFetch } from '../../http/bounded-fetch.js';
import { DidResolverRegistry } from './did-resolver-registry.js';
import { createDidWebResolver } from './did-web-resolver.js';

/**
 * Issue 17 item 2: callers name DIDs before they are authenticated, so each unknown DID used to cost one outbound
 * fetch (200 requests, 200 fetches). A negative cache, one fetch at a time per DID and a budget bound them.
 */
describe('a flood of unknown DIDs', () => {
  let server: HostileServer;
  beforeAll(async () => {
    server = await startHostileServer('fine'); // serves no DID document: every resolution fails
  });
  afterAll(async () => server.close());

  const setup = () => {
    const clock = new FixedClock();
    const resolver = createDidWebResolver({
      fetch: boundedJsonFetch({ timeoutMs: 10_000, maxBytes: 1024 * 1024, target: createOutboundPolicy({ allowLoopback: true }) }),
      allowHttpLoopback: true,
    });
    const registry = new DidResolverRegistry([resolver], { clock, negativeCacheTtlMs: 10_000, fetchesPerMinute: 20 });
    return { clock, registry };
  };
  const host = () => `did:web:${encodeURIComponent(new URL(server.url).host)}`;

  it('should fetch 200 distinct unknown DIDs at most as often as the budget allows', async () => {
    const { clock, registry } = setup();
    const before = server.hits();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => registry.resolve(`${host()}:u${i}`)));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(server.hits() - before).toBe(20);
    expect(results.filter((r) => !r.ok && /did\.fetchesPerMinute/.test(r.message))).toHaveLength(180);
    clock.advance(60_000); // the budget refills with time
    await registry.resolve(`${host()}:later`);
    expect(server.hits() - before).toBe(21);
  });

  it('should fetch one unknown DID named 200 times once, until the negative cache expires', async () => {
    const { clock, registry } = setup();
    const before = server.hits();
    await Promise.all(Array.from({ length: 200 }, () => registry.resolve(`${host()}:same`)));
    await registry.resolve(`${host()}:same`);
    expect(server.hits() - before).toBe(1);
    clock.advance(10_000);
    await registry.resolve(`${host()}:same`);
    expect(server.hits() - before).toBe(2);
  });
});
