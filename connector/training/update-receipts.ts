import type { KeyObject } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { signEd25519Jws, verifyCompactJws } from '../identity/index.js';
import { ConnectorError } from '../../core/index.js';

/** What a site vouches for with each update: who trained what, in which round, under which agreement. */
export interface UpdateReceipt {
  site: string;
  agreementId: string;
  /** The site's training transfer. */
  transferId: string;
  round: number;
  task: 'fit' | 'evaluate' | 'statistics';
  /** Hash of the returned parameters (fit), of the evaluated global model (evaluate) or of the returned statistics. */
  updateHash: string;
  sampleCount: number;
  /** Fit: the clip norm and noise multiplier the site applied (the stricter of its floor and the plan). */
  clipNorm?: number;
  noiseMultiplier?: number;
  /** Under a privacy budget (fl:epsilon), in every receipt: the ε spent under the agreement after this round, the budget and δ. */
  epsilonSpent?: number;
  epsilonBudget?: number;
  delta?: number;
  at: string;
}

/** The receipt's fields go on the wire under these short claim names (as signed since the first release); the rest keep theirs. */
function toClaims({ agreementId, transferId, round, ...rest }: UpdateReceipt): Record<string, unknown> {
  return { ...rest, agr: agreementId, tid: transferId, rnd: round };
}

function fromClaims({ agr, tid, rnd, ...rest }: Record<string, unknown>): UpdateReceipt {
  return { ...(rest as Omit<UpdateReceipt, 'agreementId' | 'transferId' | 'round'>), agreementId: String(agr), transferId: String(tid), round: Number(rnd) };
}

/** Signs receipts as EdDSA JWS with the site's current DID key (`kid` = its verification method). */
export function receiptSigner(identity: () => { did: string; verificationMethodId: string; key: { signingKey(): KeyObject } }) {
  return async (receipt: UpdateReceipt): Promise<string> => {
    const id = identity();
    return signEd25519Jws({ alg: 'EdDSA', typ: 'kontor-update-receipt+jwt', kid: id.verificationMethodId }, { ...toClaims(receipt), iss: id.did }, id.key.signingKey());
  };
}

/**
 * Verifies a receipt against the site's DID document (resolved by the caller): EdDSA only, key listed under
 * assertionMethod, issuer = the site. Returns the receipt, or throws FORBIDDEN.
 */
export async function verifyReceipt(jws: string, site: string, resolveKey: (kid: string) => Promise<KeyObject | undefined>): Promise<UpdateReceipt> {
  try {
    const { kid, alg } = decodeProtectedHeader(jws);
    if (alg !== 'EdDSA' || typeof kid !== 'string' || !kid.startsWith(`${site}#`)) throw new Error('not signed by the site');
    const key = await resolveKey(kid);
    if (!key) throw new Error(`unknown key ${kid}`);
    const verified = verifyCompactJws(jws, key, 'EdDSA');
    // The reasons as the receipt refusals have always read (operators and the audit log know them).
    if (!verified.ok)
      throw new Error(verified.reason === 'signature invalid' ? 'signature verification failed' : `${verified.reason}${verified.detail ? `: ${verified.detail}` : ''}`);
    if (verified.payload.iss !== site) throw new Error('unexpected "iss" claim value');
    return fromClaims(verified.payload);
  } catch (error) {
    throw new ConnectorError('FORBIDDEN', { detail: `update receipt refused: ${(error as Error).message}` });
  }
}
