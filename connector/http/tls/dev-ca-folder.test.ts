import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { writeDevCa } from './dev-ca-folder.js';

const clock = new FixedClock(Date.parse('2026-06-01T00:00:00Z'));
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kontor-devca-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('kontor dev-ca', () => {
  it('should write a CA and a certificate per host, signed by it, naming the host and loopback, in a 0700 folder of 0600 files', () => {
    const dir = join(root, 'ca');
    const result = writeDevCa({ dir, hosts: ['provider', 'Consumer.example'], clock, days: 30 });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = [result.caFile, join(dir, 'ca-key.pem'), ...result.hosts.flatMap((h) => [h.certFile, h.keyFile])];
    for (const file of files) expect(statSync(file).mode & 0o777).toBe(0o600);
    const ca = new X509Certificate(readFileSync(result.caFile));
    expect(ca.ca).toBe(true);
    const provider = new X509Certificate(readFileSync(join(dir, 'provider.pem')));
    expect(provider.verify(ca.publicKey)).toBe(true);
    expect(provider.ca).toBe(false);
    expect(provider.subjectAltName).toBe('DNS:provider, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(provider.checkHost('provider')).toBe('provider');
    expect(provider.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(new Date(provider.validTo).getTime()).toBeLessThanOrEqual(clock.now() + 30 * 86_400_000);
    expect(result.hosts.map((h) => h.host)).toEqual(['provider', 'consumer.example']);
  });

  it('should reuse the CA and present host files when run again, and add new hosts signed by the same CA', () => {
    const first = writeDevCa({ dir: root, hosts: ['a'], clock });
    const caBefore = readFileSync(first.caFile, 'utf8');
    const aBefore = readFileSync(join(root, 'a.pem'), 'utf8');
    const again = writeDevCa({ dir: root, hosts: ['a', 'b'], clock });
    expect(again.caCreated).toBe(false);
    expect(again.hosts.map((h) => h.issued)).toEqual([false, true]);
    expect(readFileSync(first.caFile, 'utf8')).toBe(caBefore);
    expect(readFileSync(join(root, 'a.pem'), 'utf8')).toBe(aBefore);
    expect(new X509Certificate(readFileSync(join(root, 'b.pem'))).verify(new X509Certificate(caBefore).publicKey)).toBe(true);
  });

  it('should refuse a host that is neither a name nor an address (it would name a file), and no host at all', () => {
    expect(() => writeDevCa({ dir: root, hosts: ['../etc/passwd'], clock })).toThrow(/not a host name/);
    expect(() => writeDevCa({ dir: root, hosts: [], clock })).toThrow(/at least one host/);
  });

  it("should refuse a host whose files would be the CA's or another host's key file, and leave the folder as it was", () => {
    const first = writeDevCa({ dir: root, hosts: ['a'], clock });
    const before = ['ca.pem', 'ca-key.pem', 'a.pem', 'a-key.pem'].map((f) => readFileSync(join(root, f), 'utf8'));
    for (const host of ['ca', 'CA', 'ca-key', 'a-key']) {
      expect(() => writeDevCa({ dir: root, hosts: ['b', host], clock, renew: true }), host).toThrow(`cannot issue a certificate for ${host}: a host's files are HOST.pem`);
    }
    expect(['ca.pem', 'ca-key.pem', 'a.pem', 'a-key.pem'].map((f) => readFileSync(join(root, f), 'utf8'))).toEqual(before);
    expect(writeDevCa({ dir: root, hosts: ['a', 'cache', 'keys'], clock }).caFile).toBe(first.caFile);
  });
});
