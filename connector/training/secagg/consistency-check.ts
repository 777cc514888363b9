import type { KeyObject } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, jwtVerify } from 'jose';
import { ConnectorError } from '../../../core/index.js';
import type { BundleIdentity } from './key-bundle.js';

/**
 * What a surviving site confirms before it reveals anything (Bonawitz et al.'s consistency check): for this training
 * and round, the masking set it used (itself and every site whose shares it opened) and the survivors the coordinator
 * named; the dropped sites are the rest of the set. Both lists sorted, so one statement has one encoding.
 */
export interface RoundStatement {
  trainingId: string;
  round: number;
  sites: readonly string[];
  survivors: readonly string[];
}

const TYP = 'kontor-secagg-consistency+jwt';

/** Signs the statement as an EdDSA JWS with the site's DID key (the key that signs its round keys and receipts). */
export async function signStatement(identity: BundleIdentity, s: RoundStatement): Promise<string> {
  return new SignJWT({ trn: s.trainingId, rnd: s.round, set: [...s.sites], surv: [...s.survivors] })
    .setProtectedHeader({ alg: 'EdDSA', typ: TYP, kid: identity.verificationMethodId })
    .setIssuer(identity.did)
    .sign(identity.key.signingKey());
}

const same = (a: unknown, b: readonly string[]) => Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Verifies the signatures the coordinator relays with a reveal: each must be a survivor's DID-key signature over exactly
 * this statement. Throws FORBIDDEN naming the first that is not, or when fewer than `threshold` survivors signed: an
 * honest site signs one statement per round, so with t > n/2 no two statements both reach t signatures.
 */
export async function checkSignatures(
  signatures: Readonly<Record<string, string>>,
  s: RoundStatement,
  threshold: number,
  resolveKey: (kid: string) => Promise<KeyObject | undefined>,
): Promise<void> {
  const refuse = (detail: string): never => {
    throw new ConnectorError('FORBIDDEN', { detail: `secure aggregation: ${detail}` });
  };
  const signers = Object.keys(signatures);
  for (const signer of signers) {
    if (!s.survivors.includes(signer)) refuse(`a consistency signature from ${signer}, who is not among the survivors named`);
    let payload: Record<string, unknown> = {};
    try {
      const { kid, alg, typ } = decodeProtectedHeader(signatures[signer] ?? '');
      if (alg !== 'EdDSA' || typ !== TYP || typeof kid !== 'string' || !kid.startsWith(`${signer}#`)) throw new Error('not signed by the site');
      const key = await resolveKey(kid);
      if (!key) throw new Error(`unknown key ${kid}`);
      payload = (await jwtVerify(signatures[signer] ?? '', key, { issuer: signer, algorithms: ['EdDSA'] })).payload;
    } catch (error) {
      refuse(`the consistency signature of ${signer} is refused: ${(error as Error).message}`);
    }
    if (payload.trn !== s.trainingId || payload.rnd !== s.round || !same(payload.set, s.sites) || !same(payload.surv, s.survivors))
      refuse(`${signer} signed another set of sites or survivors than this site was given (the coordinator told the sites different things)`);
  }
  if (signers.length < threshold) refuse(`only ${signers.length} survivors confirmed the same survivors and dropped sites, below the threshold ${threshold}`);
}
