import type { StatusFinding } from '../vc/status/status-checker.js';
import { credentialJwtOf } from '../vc/jwt/jwt-credential.js';
import type { CredentialVerification } from '../vc/verification-result.js';
import type { HeldCredential } from './held-credentials.js';
import type { IdentityRuntime } from './identity-runtime.js';

/**
 * Whether a held credential still verifies as a peer would verify it, and if not what helps: `renew` (the issuer's
 * current keys no longer verify its proof, e.g. after the key was retired, or it expired: the authority issues anew),
 * `revoked` (a status bit is set: the authority refuses a revoked participant, asking again does not help) or `wait`
 * (the issuer is not trusted, the status list cannot be had now, …: asking again does not help either).
 */
export type MembershipStanding = { ok: true } | { ok: false; remedy: 'renew' | 'revoked' | 'wait'; problem: string };

/** The standing a verification result (and, when the status failed, its status findings) gives. Pure. */
export function standingOf(result: CredentialVerification, findings: readonly StatusFinding[]): MembershipStanding {
  if (result.verified) return { ok: true };
  const problem = result.errors.join('; ') || 'it does not verify';
  if (findings.some((f) => f.kind === 'set')) return { ok: false, remedy: 'revoked', problem };
  if (!result.checks.signature || !result.checks.expiry) return { ok: false, remedy: 'renew', problem };
  return { ok: false, remedy: 'wait', problem };
}

/**
 * Verifies a held credential with the runtime's verifier and its caches (DID documents, status lists, JWT signatures):
 * signature against the issuer's current DID document, trusted issuer, validity, status, holder = this participant.
 */
export async function verifyHeld(runtime: IdentityRuntime, held: HeldCredential): Promise<MembershipStanding> {
  const jwt = credentialJwtOf(held.credential);
  let credential = held.credential;
  let result: CredentialVerification;
  if (jwt === undefined) {
    result = await runtime.credentialVerifier.verifyCredential(credential, { holder: runtime.did });
  } else {
    const decoded = await runtime.jwtCredentials.decode(jwt);
    credential = decoded.credential;
    result = await runtime.credentialVerifier.assessCredential(credential, decoded.problems, runtime.did);
  }
  const statusFailed = result.checks.signature && result.checks.issuerTrusted && !result.checks.status;
  const findings = statusFailed ? await runtime.statusChecker.findings(credential) : [];
  return standingOf(result, findings);
}
