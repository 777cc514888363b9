import type { KeyObject } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, jwtVerify } from 'jose';
import { ConnectorError } from '../../../core/index.js';
import type { RoundPublicKeys } from './round-keys.js';

/** A site's signed announcement of its key-agreement keys for one round of one training. */
export interface KeyBundle {
  site: string;
  trainingId: string;
  round: number;
  keys: RoundPublicKeys;
}

export interface BundleIdentity {
  did: string;
  verificationMethodId: string;
  key: { signingKey(): Parameters<SignJWT['sign']>[0] };
}

/** Signs the bundle as an EdDSA JWS with the site's DID key (the key that signs its update receipts). */
export async function signKeyBundle(identity: BundleIdentity, bundle: Omit<KeyBundle, 'site'>): Promise<string> {
  const claims = { trn: bundle.trainingId, rnd: bundle.round, mpk: bundle.keys.mask, spk: bundle.keys.share };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'kontor-secagg-keys+jwt', kid: identity.verificationMethodId })
    .setIssuer(identity.did)
    .sign(identity.key.signingKey());
}

/**
 * Verifies another site's bundle as relayed by the coordinator: signed by that site's DID key (so the coordinator
 * cannot substitute a key of its own) and for this training and round (so it cannot replay an old round's keys).
 * Throws FORBIDDEN naming the problem.
 */
export async function verifyKeyBundle(
  jws: string,
  expected: { site: string; trainingId: string; round: number },
  resolveKey: (kid: string) => Promise<KeyObject | undefined>,
): Promise<KeyBundle> {
  const refuse = (why: string): never => {
    throw new ConnectorError('FORBIDDEN', { detail: `key-agreement keys of ${expected.site} refused: ${why}` });
  };
  let payload: Record<string, unknown> = {};
  try {
    const { kid, alg, typ } = decodeProtectedHeader(jws);
    if (alg !== 'EdDSA' || typ !== 'kontor-secagg-keys+jwt' || typeof kid !== 'string' || !kid.startsWith(`${expected.site}#`)) throw new Error('not signed by the site');
    const key = await resolveKey(kid);
    if (!key) throw new Error(`unknown key ${kid}`);
    payload = (await jwtVerify(jws, key, { issuer: expected.site, algorithms: ['EdDSA'] })).payload;
  } catch (error) {
    refuse((error as Error).message);
  }
  if (payload.trn !== expected.trainingId) refuse('they were signed for another training');
  if (payload.rnd !== expected.round) refuse(`they were signed for round ${String(payload.rnd)}, not round ${expected.round} (replayed keys)`);
  if (typeof payload.mpk !== 'string' || typeof payload.spk !== 'string' || payload.mpk === payload.spk) refuse('the bundle lacks two distinct public keys');
  return { site: expected.site, trainingId: expected.trainingId, round: expected.round, keys: { mask: String(payload.mpk), share: String(payload.spk) } };
}
