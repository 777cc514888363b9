import * as vc from '@digitalbazaar/vc';
import type { DocumentLoader } from '../document-loader.js';
import { dateOf, type JsonObject } from './credential-fields.js';
import { errorMessages } from './error-messages.js';
import { verifyingSuites, type Cryptosuite } from './suites.js';

const statusCheckedElsewhere = async () => ({ verified: true });

/**
 * Check only the credential's Data Integrity proof (and that its key belongs to the issuer, via
 * the assertionMethod proof purpose). Dates and status are checked separately, so the library is
 * asked at an instant inside the validity period: an expired credential still reports whether its
 * signature is good. `accepted` names the cryptosuites a proof may use (eddsa-rdfc-2022 unless told). Returns the problems;
 * an empty list means the proof verifies.
 */
export async function checkCredentialProof(
  credential: JsonObject,
  documentLoader: DocumentLoader,
  nowMs: number,
  accepted: readonly Cryptosuite[] = ['eddsa-rdfc-2022'],
): Promise<string[]> {
  const from = dateOf(credential, 'validFrom');
  const until = dateOf(credential, 'validUntil');
  let at = nowMs;
  if (from !== undefined && Number.isFinite(from)) at = Math.max(at, from);
  if (until !== undefined && Number.isFinite(until)) at = Math.min(at, until);
  const result = await vc.verifyCredential({
    credential,
    suite: verifyingSuites(accepted),
    documentLoader,
    now: new Date(at),
    checkStatus: statusCheckedElsewhere,
  });
  if (result.verified) return [];
  const messages = errorMessages(result.error);
  return messages.length > 0 ? messages : ['the proof does not verify'];
}

/** Whether now lies in validFrom … validUntil, allowing `skewMs`; the problem, or undefined. */
export function checkValidityPeriod(credential: JsonObject, nowMs: number, skewMs: number): string | undefined {
  const from = dateOf(credential, 'validFrom');
  const until = dateOf(credential, 'validUntil');
  if (from !== undefined && !Number.isFinite(from)) return 'validFrom is not a date';
  if (until !== undefined && !Number.isFinite(until)) return 'validUntil is not a date';
  if (from !== undefined && nowMs + skewMs < from) return `not valid before ${String(credential.validFrom)}`;
  if (until !== undefined && nowMs - skewMs > until) return `expired at ${String(credential.validUntil)}`;
  return undefined;
}
