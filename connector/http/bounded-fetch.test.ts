import { afterEach, describe, expect, it } from 'vitest';
import { startHostileServer, type HostileServer } from '../../test/helpers/hostile-servers.js';
import { boundedFetch } from './bounded-fetch.js';
import { createOutboundPolicy } from './outbound/index.js';

const target = createOutboundPolicy({ allowLoopback: true });
import { OutboundLimitError, withDeadline } from './deadline.js';

describe('bounded outbound calls', () => {
  const servers: HostileServer[] = [];
  const server = async (kind: Parameters<typeof startHostileServer>[0]) => {
    const s = await startHostileServer(kind);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );

  it('should read an ordinary answer', async () => {
    const s = await server('fine');
    expect(await boundedFetch(s.url, {}, { timeoutMs: 10_000, maxBytes: 1024, target })).toMatchObject({ status: 200, ok: true, text: '{"ok":true}' });
  });

  it('should give up on a server that never answers', async () => {
    const s = await server('silent');
    const error = await failure(boundedFetch(s.url, {}, { timeoutMs: 100, maxBytes: 1024, target }));
    expect(error).toBeInstanceOf(OutboundLimitError);
    expect(error).toMatchObject({ limit: 'timeout', name: 'TimeoutError' });
    expect(s.hits()).toBe(1);
  });

  it('should stop reading an endless body at the size cap', async () => {
    const s = await server('endless');
    expect(await failure(boundedFetch(s.url, {}, { timeoutMs: 60_000, maxBytes: 1024 * 1024, target }))).toMatchObject({ limit: 'size' });
  });

  it('should give up on a body that stops coming: the deadline covers the body, not only the headers', async () => {
    const s = await server('stalls');
    expect(await failure(boundedFetch(s.url, {}, { timeoutMs: 100, maxBytes: 1024 * 1024, target }))).toMatchObject({ limit: 'timeout' });
  });

  it('should refuse a declared 256 MiB answer without reading it', async () => {
    const s = await server('huge');
    expect(await failure(boundedFetch(s.url, {}, { timeoutMs: 60_000, maxBytes: 1024 * 1024, target }))).toMatchObject({ limit: 'size' });
  });

  it('should end a call that ignores its signal at the deadline', async () => {
    const never = new Promise<never>(() => undefined);
    expect(await failure(withDeadline(50, () => never))).toMatchObject({ limit: 'timeout' });
  });
});
