import * as vc from '@digitalbazaar/vc';
import type { Clock } from '../../../core/index.js';
import type { DocumentLoader } from '../document-loader.js';
import { checkCredentialProof, checkValidityPeriod } from './check-proof.js';
import { credentialsOf, idOf, isObject, issuerOf, specificTypes, subjectsOf, typesOf, type JsonObject } from './credential-fields.js';
import { errorMessages } from './error-messages.js';
import { verifyingSuites } from './suites.js';
import { isTrustedFor, type TrustedIssuer } from './trusted-issuers.js';
import type { CredentialVerification, PresentationVerification } from './verification-result.js';

/** Anything that reports the status problems of a credential (a StatusChecker). */
export interface CredentialStatusCheck {
  check(credential: JsonObject): Promise<string[]>;
}

export interface CredentialVerifierOptions {
  documentLoader: DocumentLoader;
  clock: Clock;
  trustedIssuers: readonly TrustedIssuer[];
  status: CredentialStatusCheck;
  /** Allowed clock difference for validity dates (default 60 s). */
  maxClockSkewSeconds?: number;
}

export interface PresentationExpectations {
  /** The DID that must hold (and have signed) the presentation and be every credential's subject. */
  holder: string;
  challenge: string;
  domain: string;
}

const statusCheckedElsewhere = async () => ({ verified: true });

/** Verifies credentials and presentations into structured results; never throws for bad input. */
export class CredentialVerifier {
  private readonly skewMs: number;

  constructor(private readonly options: CredentialVerifierOptions) {
    this.skewMs = (options.maxClockSkewSeconds ?? 60) * 1000;
  }

  async verifyCredential(credential: unknown, expected: { holder?: string } = {}): Promise<CredentialVerification> {
    if (!isObject(credential)) return this.assessCredential({}, ['not a credential object'], expected.holder);
    return this.assessCredential(credential, await this.proofProblems(credential), expected.holder);
  }

  async verifyPresentation(presentation: unknown, expected: PresentationExpectations): Promise<PresentationVerification> {
    const errors: string[] = [];
    if (!isObject(presentation))
      return { verified: false, checks: { signature: false, holder: false, credentials: false }, errors: ['not a presentation object'], credentialResults: [] };
    const result = await vc.verify({
      presentation,
      suite: verifyingSuites(),
      documentLoader: this.options.documentLoader,
      challenge: expected.challenge,
      domain: expected.domain,
      now: new Date(this.options.clock.now()),
      maxClockSkew: this.skewMs / 1000,
      checkStatus: statusCheckedElsewhere,
    });
    const signature = result.presentationResult?.verified === true;
    if (!signature) errors.push(...prefixed('presentation proof', errorMessages(result.presentationResult?.error ?? result.error)));
    const holder = holderMatches(presentation, expected.holder);
    if (!holder) errors.push(`presentation is not held and signed by ${expected.holder}`);
    const credentials = credentialsOf(presentation);
    const credentialResults = await Promise.all(
      credentials.map(async (credential, i) => {
        const libraryVerified = result.credentialResults?.[i]?.verified === true;
        const proof = libraryVerified || !isObject(credential) ? [] : await this.proofProblems(credential);
        return isObject(credential) ? this.assessCredential(credential, proof, expected.holder) : this.assessCredential({}, ['not a credential object'], expected.holder);
      }),
    );
    const allCredentials = credentials.length > 0 && credentialResults.every((r) => r.verified);
    if (credentials.length === 0) errors.push('presentation carries no credentials');
    credentialResults.forEach((r, i) => {
      if (!r.verified) errors.push(...prefixed(`credential ${r.credentialId ?? `#${i}`}`, r.errors));
    });
    return { verified: signature && holder && allCredentials, checks: { signature, holder, credentials: allCredentials }, errors, credentialResults };
  }

  private proofProblems(credential: JsonObject): Promise<string[]> {
    return checkCredentialProof(credential, this.options.documentLoader, this.options.clock.now());
  }

  /**
   * The format-neutral checks of a credential whose proof was checked by its format (`proofProblems`, empty when it
   * verified): issuer trust for its types, validity period, status (only once proof and issuer passed), holder binding.
   */
  async assessCredential(credential: JsonObject, proofProblems: string[], holder: string | undefined): Promise<CredentialVerification> {
    const errors = [...proofProblems];
    const issuer = issuerOf(credential);
    const types = specificTypes(credential);
    const signature = proofProblems.length === 0;
    const issuerTrusted = issuer !== undefined && isTrustedFor(this.options.trustedIssuers, issuer, types);
    if (!issuerTrusted) errors.push(`issuer ${issuer ?? '(none)'} is not trusted for ${types.join(', ') || 'untyped credentials'}`);
    const period = checkValidityPeriod(credential, this.options.clock.now(), this.skewMs);
    if (period) errors.push(period);
    let status = false;
    if (signature && issuerTrusted) {
      const problems = await this.options.status.check(credential);
      status = problems.length === 0;
      errors.push(...problems);
    } else {
      errors.push('status not checked: signature or issuer failed');
    }
    const checks: CredentialVerification['checks'] = { signature, expiry: period === undefined, status, issuerTrusted };
    if (holder !== undefined) {
      const subjects = subjectsOf(credential);
      checks.holderBinding = subjects.length > 0 && subjects.every((s) => s.id === holder);
      if (!checks.holderBinding) errors.push(`credential subject is not ${holder}`);
    }
    const verified = Object.values(checks).every((v) => v === true);
    return { verified, checks, errors, credentialId: idOf(credential), issuer, types: typesOf(credential) };
  }
}

const prefixed = (prefix: string, messages: string[]) => (messages.length > 0 ? messages : ['failed']).map((m) => `${prefix}: ${m}`);

/** `holder` is the DID and every proof's verification method is one of that DID's. */
function holderMatches(presentation: JsonObject, did: string): boolean {
  if (idOf(presentation.holder) !== did) return false;
  const proofs = Array.isArray(presentation.proof) ? presentation.proof : [presentation.proof];
  return proofs.length > 0 && proofs.every((p) => isObject(p) && typeof idOf(p.verificationMethod) === 'string' && (idOf(p.verificationMethod) ?? '').startsWith(`${did}#`));
}
