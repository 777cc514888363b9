import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../../core/index.js';
import type { TlsConfig } from '../../config/kontor-config.js';
import { writeDevCa } from './dev-ca-folder.js';
import { toPkcs12 } from './dev-certificates.js';
import { serveListeners, type ServedListeners } from './serve-listeners.js';

const clock = new FixedClock(Date.parse('2026-06-01T00:00:00Z'));
const app = (_req: unknown, res: { end(text: string): void }) => res.end('ok');
let dir: string;
let served: ServedListeners | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-tls-'));
});
afterEach(async () => {
  await served?.close(0);
  served = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const tlsSettings = (over: Partial<TlsConfig>): TlsConfig => ({
  certFile: undefined,
  keyFile: undefined,
  chainFile: undefined,
  pfxFile: undefined,
  passphrase: undefined,
  management: false,
  reloadIntervalMs: 0,
  caFile: undefined,
  ...over,
});
const serve = async (tls: TlsConfig) => {
  served = await serveListeners(
    { management: app as never, public: app as never },
    { managementApi: { host: '127.0.0.1', port: 0 } as never, publicApi: { host: '127.0.0.1', port: 0, url: '' }, tls },
    silentLogger,
  );
  return served;
};

/** The SHA-256 fingerprint of the certificate a TLS listener serves, verified against `ca` for 127.0.0.1. */
function servedFingerprint(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, ca }, () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      socket.end();
      resolve(fingerprint);
    });
    socket.once('error', reject);
  });
}
const fingerprintOf = (pem: string) => new X509Certificate(pem).fingerprint256;

describe('the public listener over HTTPS', () => {
  it('should serve the PEM certificate and, once the files are replaced, the new one to new connections', async () => {
    const first = writeDevCa({ dir, hosts: ['127.0.0.1'], clock });
    const host = first.hosts[0] as { certFile: string; keyFile: string };
    const ca = readFileSync(first.caFile, 'utf8');
    const s = await serve(tlsSettings({ certFile: host.certFile, keyFile: host.keyFile }));
    expect(s.public.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(s.management.url).toMatch(/^http:\/\//);
    const before = await servedFingerprint(s.public.port, ca);
    expect(before).toBe(fingerprintOf(readFileSync(host.certFile, 'utf8')));
    expect(s.tlsReloader?.check()).toBe('unchanged');

    writeDevCa({ dir, hosts: ['127.0.0.1'], clock, renew: true });
    expect(s.tlsReloader?.check()).toBe('reloaded');
    const after = await servedFingerprint(s.public.port, ca);
    expect(after).not.toBe(before);
    expect(after).toBe(fingerprintOf(readFileSync(host.certFile, 'utf8')));
  });

  it('should keep serving the old certificate when the new files do not belong together', async () => {
    const made = writeDevCa({ dir, hosts: ['127.0.0.1', 'other.test'], clock });
    const [mine, other] = made.hosts as unknown as [{ certFile: string; keyFile: string }, { certFile: string; keyFile: string }];
    const ca = readFileSync(made.caFile, 'utf8');
    const s = await serve(tlsSettings({ certFile: mine.certFile, keyFile: mine.keyFile }));
    const before = await servedFingerprint(s.public.port, ca);
    writeFileSync(mine.keyFile, readFileSync(other.keyFile)); // a key of another certificate
    expect(s.tlsReloader?.check()).toBe('refused');
    expect(await servedFingerprint(s.public.port, ca)).toBe(before);
  });

  it('should serve a PKCS#12 bundle with its passphrase, and on the management listener too when asked', async () => {
    const made = writeDevCa({ dir, hosts: ['127.0.0.1'], clock });
    const host = made.hosts[0] as { certFile: string; keyFile: string };
    const ca = readFileSync(made.caFile, 'utf8');
    const pfxFile = join(dir, 'bundle.p12');
    writeFileSync(pfxFile, toPkcs12({ cert: readFileSync(host.certFile, 'utf8'), key: readFileSync(host.keyFile, 'utf8') }, ca, 'correct horse'));
    const s = await serve(tlsSettings({ pfxFile, passphrase: 'correct horse', management: true }));
    expect(s.management.url).toMatch(/^https:/);
    expect(await servedFingerprint(s.public.port, ca)).toBe(fingerprintOf(readFileSync(host.certFile, 'utf8')));
    expect(await servedFingerprint(s.management.port, ca)).toBe(fingerprintOf(readFileSync(host.certFile, 'utf8')));
  });

  it('should refuse to start with a wrong passphrase or a missing file, naming the setting', async () => {
    const made = writeDevCa({ dir, hosts: ['127.0.0.1'], clock });
    const host = made.hosts[0] as { certFile: string; keyFile: string };
    const pfxFile = join(dir, 'bundle.p12');
    writeFileSync(pfxFile, toPkcs12({ cert: readFileSync(host.certFile, 'utf8'), key: readFileSync(host.keyFile, 'utf8') }, readFileSync(made.caFile, 'utf8'), 'right'));
    await expect(serve(tlsSettings({ pfxFile, passphrase: 'wrong' }))).rejects.toMatchObject({ code: 'CONFIG_INVALID', detail: expect.stringContaining('tls.pfxFile') });
    await expect(serve(tlsSettings({ certFile: join(dir, 'missing.pem'), keyFile: host.keyFile }))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      detail: expect.stringContaining('tls.certFile'),
    });
  });
});
