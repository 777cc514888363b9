import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { writeDevCa } from './dev-ca-folder.js';
import { createOutboundPolicy } from '../outbound/outbound-policy.js';
import { trustedCas } from './trusted-cas.js';

const clock = new FixedClock(Date.now());
let dir: string;
let ours: { server: Server; url: string };
let theirs: { server: Server; url: string };

async function serveWith(caDir: string): Promise<{ server: Server; url: string }> {
  const made = writeDevCa({ dir: caDir, hosts: ['127.0.0.1'], clock });
  const host = made.hosts[0] as { certFile: string; keyFile: string };
  const server = createServer({ cert: readFileSync(host.certFile), key: readFileSync(host.keyFile) }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `https://127.0.0.1:${(server.address() as { port: number }).port}/` };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-trust-'));
  ours = await serveWith(join(dir, 'ours'));
  theirs = await serveWith(join(dir, 'theirs'));
});
afterAll(() => {
  ours.server.close();
  theirs.server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the CAs outbound calls trust (tls.caFile)', () => {
  it("should add the file's certificates to Node's roots, never replace them", () => {
    const ca = trustedCas(join(dir, 'ours', 'ca.pem')) as string[];
    expect(ca.slice(0, rootCertificates.length)).toEqual([...rootCertificates]);
    expect(ca).toHaveLength(rootCertificates.length + 1);
    expect(trustedCas(undefined)).toBeUndefined();
  });

  it('should reach a server whose certificate the CA signed and refuse one signed by another CA', async () => {
    const dispatcher = new Agent({ connect: { ca: trustedCas(join(dir, 'ours', 'ca.pem')) as string[] } });
    const get = (url: string) => fetch(url, { dispatcher } as unknown as RequestInit);
    expect(await (await get(ours.url)).text()).toBe('ok');
    const refused = await get(theirs.url).catch((error: Error) => error.cause as NodeJS.ErrnoException);
    expect(refused).toMatchObject({ code: expect.stringMatching(/UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED|CERT/) });
    await dispatcher.close();
  });

  it("should verify a connector's peer-steered calls against its own CAs (the outbound policy's dispatcher)", async () => {
    const withCa = createOutboundPolicy({ allowLoopback: true, ca: trustedCas(join(dir, 'ours', 'ca.pem')) });
    const without = createOutboundPolicy({ allowLoopback: true });
    const get = (url: string, dispatcher: unknown) => fetch(url, { dispatcher } as unknown as RequestInit);
    expect(await (await get(ours.url, withCa.dispatcher)).text()).toBe('ok');
    expect(await get(theirs.url, withCa.dispatcher).catch((error: Error) => (error.cause as NodeJS.ErrnoException).code)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(await get(ours.url, without.dispatcher).catch((error: Error) => (error.cause as NodeJS.ErrnoException).code)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('should refuse a file that cannot be read or holds no certificate, naming the setting', () => {
    writeFileSync(join(dir, 'empty.pem'), 'nothing here');
    expect(() => trustedCas(join(dir, 'empty.pem'))).toThrow(/tls.caFile: .* holds no PEM certificate/);
    expect(() => trustedCas(join(dir, 'absent.pem'))).toThrow(/tls.caFile: cannot read/);
  });
});
