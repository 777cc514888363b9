import { createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConnectorError, makeFolders } from '../../../core/index.js';

/** A P-256 signing key (ES256): the private KeyObject stays here; only the public JWK is ever shown. */
export interface P256Key {
  kid: string;
  publicJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  signingKey(): KeyObject;
  /** Public parts only, so logging the key never shows `d`. */
  toJSON(): { kid: string; publicJwk: P256Key['publicJwk'] };
}

const invalid = (path: string, why: string) => new ConnectorError('CONFIG_INVALID', { detail: `key file ${path}: ${why}` });

/**
 * Open (or create, mode 0600) the file `{version: 1, kid, privateKeyJwk}` holding one P-256 key, for issuers that sign
 * ES256 (`authority.keyType` P-256). Like the Ed25519 key file: refused when group or others may read it, and error
 * messages never contain key material. No rotation yet: replace the file and restart to change the key.
 */
export async function openP256KeyFile(path: string, kid = 'es256-key-1'): Promise<P256Key> {
  try {
    const info = await stat(path);
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) throw invalid(path, `mode ${(info.mode & 0o777).toString(8)} lets others read it; run chmod 600`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    await makeFolders(dirname(path));
    await writeFile(path, `${JSON.stringify({ version: 1, kid, privateKeyJwk: privateKey.export({ format: 'jwk' }) }, null, 2)}\n`, { mode: 0o600, flag: 'wx' }).catch(
      (raced: NodeJS.ErrnoException) => {
        if (raced.code !== 'EEXIST') throw raced;
      },
    );
  }
  let stored: { version?: unknown; kid?: unknown; privateKeyJwk?: Record<string, unknown> };
  try {
    stored = JSON.parse(await readFile(path, 'utf8')) as typeof stored;
  } catch {
    throw invalid(path, 'not valid JSON');
  }
  const jwk = stored.privateKeyJwk;
  if (stored.version !== 1 || typeof stored.kid !== 'string' || !jwk || jwk.kty !== 'EC' || jwk.crv !== 'P-256')
    throw invalid(path, 'expected {version: 1, kid, privateKeyJwk} with a P-256 key');
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch {
    throw invalid(path, 'the key is not a valid P-256 private key');
  }
  const pub = createPublicKey(privateKey).export({ format: 'jwk' });
  const publicJwk = { kty: 'EC' as const, crv: 'P-256' as const, x: String(pub.x), y: String(pub.y) };
  const keyId = stored.kid;
  return { kid: keyId, publicJwk, signingKey: () => privateKey, toJSON: () => ({ kid: keyId, publicJwk }) };
}
