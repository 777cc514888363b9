import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundPolicy } from '../http/outbound/index.js';
import { postToSite, SITE_REASON_MAX_CHARS, siteReason } from './post-to-site.js';

const LOOPBACK = createOutboundPolicy({ allowLoopback: true });
const HOSTILE = `no\n\n## Injected section\n<img src=x onerror=alert(1)>\r\n| a | b |\u0007${'x'.repeat(5000)}`;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const status = req.url?.endsWith('/denied') ? 403 : 400;
    res.writeHead(status, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ detail: HOSTILE }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/training/tp-1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("a site's refusal reason, as the coordinator takes it in", () => {
  it('should keep one line of at most 300 characters, control characters and newlines replaced', async () => {
    for (const path of ['denied', 'rejected']) {
      const error = (await postToSite(LOOPBACK, base, path, 'Bearer x', {}).catch((e: unknown) => e)) as { detail: string };
      // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may remain
      expect(error.detail).not.toMatch(/[\u0000-\u001f\u007f]/);
      expect(error.detail).toMatch(/no ## Injected section <img/);
      expect(error.detail.length).toBeLessThanOrEqual(SITE_REASON_MAX_CHARS + 80); // the 400's own prefix names the endpoint
    }
    const denied = (await postToSite(LOOPBACK, base, 'denied', 'Bearer x', {}).catch((e: unknown) => e)) as { code: string; detail: string };
    expect(denied.code).toBe('POLICY_DENIED');
    expect(denied.detail).toHaveLength(SITE_REASON_MAX_CHARS);
    expect(denied.detail.endsWith('…')).toBe(true);
  });

  it('should fall back when the site gives no reason, and never split a surrogate pair', () => {
    expect(siteReason(undefined, 'the site denied the round')).toBe('the site denied the round');
    expect(siteReason(' \n ', 'fallback')).toBe('fallback');
    expect(siteReason({ a: 1 }, 'f')).toBe('{"a":1}');
    const cut = siteReason(`${'a'.repeat(SITE_REASON_MAX_CHARS - 2)}😀😀`, '');
    expect(cut).toBe(`${'a'.repeat(SITE_REASON_MAX_CHARS - 2)}…`);
  });
});
