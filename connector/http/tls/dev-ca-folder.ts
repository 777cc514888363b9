import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFoldersSync, type Clock } from '../../../core/index.js';
import { createCaCertificate, isCertificateHost, issueHostCertificate, type PemPair } from './dev-certificates.js';

export interface DevCaResult {
  /** The CA certificate peers trust (tls.caFile / KONTOR_TLS_CA_FILE). */
  caFile: string;
  caCreated: boolean;
  hosts: { host: string; certFile: string; keyFile: string; issued: boolean }[];
}

export interface DevCaOptions {
  dir: string;
  hosts: readonly string[];
  clock: Clock;
  /** Validity of the host certificates (the CA's is ten times as long). */
  days?: number;
  /** Issue host certificates again even when present (they are replaced atomically: a running listener reloads them). */
  renew?: boolean;
}

/**
 * `kontor dev-ca`: a development certificate authority in `dir` (ca.pem, ca-key.pem), created once and reused,
 * and one certificate per host (HOST.pem, HOST-key.pem). The folder is 0700 and every file 0600, written to a
 * temporary name and renamed, so a listener never reads half a file. A host whose files exist keeps them. A host
 * named `ca`, or ending in `-key`, is refused: its files would be the CA's or another host's key file.
 */
export function writeDevCa(o: DevCaOptions): DevCaResult {
  const bad = o.hosts.filter((h) => !isCertificateHost(h));
  if (bad.length > 0) throw new Error(`not a host name or an IP address: ${bad.join(', ')}`);
  if (o.hosts.length === 0) throw new Error('name at least one host (--host)');
  const clashing = o.hosts.filter((h) => clashes(h.toLowerCase()));
  if (clashing.length > 0)
    throw new Error(
      `cannot issue a certificate for ${clashing.join(', ')}: a host's files are HOST.pem and HOST-key.pem, so host ca would overwrite the CA (ca.pem, ca-key.pem) and a host NAME-key would take the key file of host NAME`,
    );
  const days = o.days ?? 365;
  makeFoldersSync(o.dir);
  chmodSync(o.dir, 0o700);
  const caFile = join(o.dir, 'ca.pem');
  const caKeyFile = join(o.dir, 'ca-key.pem');
  const caCreated = !(existsSync(caFile) && existsSync(caKeyFile));
  let ca: PemPair;
  if (caCreated) {
    ca = createCaCertificate(`Kontor development CA ${new Date(o.clock.now()).toISOString().slice(0, 10)}`, o.clock.now(), days * 10);
    writePrivate(caKeyFile, ca.key);
    writePrivate(caFile, ca.cert);
  } else {
    ca = { cert: readFileSync(caFile, 'utf8'), key: readFileSync(caKeyFile, 'utf8') };
  }
  const hosts = [...new Set(o.hosts.map((h) => h.toLowerCase()))].map((host) => {
    const base = join(o.dir, host.replace(/:/g, '_'));
    const certFile = `${base}.pem`;
    const keyFile = `${base}-key.pem`;
    const issued = caCreated || o.renew === true || !(existsSync(certFile) && existsSync(keyFile));
    if (issued) {
      const pair = issueHostCertificate(ca, host, o.clock.now(), days);
      writePrivate(keyFile, pair.key);
      writePrivate(certFile, pair.cert);
    }
    return { host, certFile, keyFile, issued };
  });
  return { caFile, caCreated, hosts };
}

/** Whether a host's files (HOST.pem, HOST-key.pem) would be the CA's or another host's key file. */
function clashes(host: string): boolean {
  return host === 'ca' || host.endsWith('-key');
}

function writePrivate(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  chmodSync(temporary, 0o600);
  renameSync(temporary, path);
}
