import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

/** A certificate and its private key, both PEM. */
export interface PemPair {
  cert: string;
  key: string;
}

const DAY_MS = 86_400_000;
/** Every development certificate also names the loopback host, so a connector is reachable on its own machine. */
const LOOPBACK_NAMES = [
  { type: 2, value: 'localhost' },
  { type: 7, ip: '127.0.0.1' },
  { type: 7, ip: '::1' },
];

/** A host name (letters, digits, '-', '.') or an IP address; anything else is refused (it also names files). */
export function isCertificateHost(host: string): boolean {
  return isIP(host) !== 0 || /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(host);
}

/** A self-signed certificate authority for a development data space (node-forge; RSA 2048 keys made by Node). */
export function createCaCertificate(name: string, nowMs: number, days: number): PemPair {
  const { key, publicKey } = rsaKeys();
  const cert = baseCertificate(publicKey, nowMs, days);
  const subject = [
    { name: 'commonName', value: name },
    { name: 'organizationName', value: 'Kontor development' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(key) };
}

/** A server (and client) certificate for `host`, signed by `ca`, whose subjectAltName also names localhost, 127.0.0.1 and ::1. */
export function issueHostCertificate(ca: PemPair, host: string, nowMs: number, days: number): PemPair {
  if (!isCertificateHost(host)) throw new Error(`'${host}' is not a host name or an IP address`);
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const caKey = forge.pki.privateKeyFromPem(ca.key);
  const { key, publicKey } = rsaKeys();
  const cert = baseCertificate(publicKey, nowMs, days);
  cert.setSubject([{ name: 'commonName', value: host }]);
  cert.setIssuer(caCert.subject.attributes);
  const own = isIP(host) !== 0 ? { type: 7, ip: host } : { type: 2, value: host };
  const altNames = [own, ...LOOPBACK_NAMES.filter((n) => (n.value ?? n.ip) !== host)];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true, clientAuth: true },
    { name: 'subjectAltName', altNames },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(key) };
}

/** A PKCS#12 bundle (key, certificate, CA) encrypted with `passphrase` (3DES, as OpenSSL 3 reads it without the legacy provider). */
export function toPkcs12(pair: PemPair, caCert: string, passphrase: string): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(pair.key), [forge.pki.certificateFromPem(pair.cert), forge.pki.certificateFromPem(caCert)], passphrase, {
    algorithm: '3des',
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function rsaKeys(): { key: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  return { key, publicKey: forge.pki.publicKeyFromPem(pair.publicKey.export({ type: 'spki', format: 'pem' }).toString()) };
}

function baseCertificate(publicKey: forge.pki.rsa.PublicKey, nowMs: number, days: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`; // positive, 128 bits of randomness
  cert.validity.notBefore = new Date(nowMs - 60_000);
  cert.validity.notAfter = new Date(nowMs + days * DAY_MS);
  return cert;
}
