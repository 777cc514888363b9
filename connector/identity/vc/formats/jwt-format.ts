import type { Clock } from '../../../../core/index.js';
import type { DidResolver } from '../../did/did-resolver.js';
import type { JsonObject } from '../credential-fields.js';
import type { CredentialVerifier } from '../credential-verifier.js';
import type { JwtCredentialVerifier } from '../jwt/jwt-credential.js';
import { checkJwtPresentation, presentationJwtOf } from '../jwt/jwt-presentation.js';
import type { CredentialVerification } from '../verification-result.js';
import type { PresentationFormat } from './presentation-format.js';

export interface JwtFormatOptions {
  resolver: DidResolver;
  credentials: CredentialVerifier;
  jwtCredentials: JwtCredentialVerifier;
  clock: Clock;
  /** Leeway for the presentation's exp / nbf / iat (default 60 s, as the credential dates). */
  skewSeconds?: number;
}

/**
 * JOSE-secured presentations (`vc11-sl2021/jwt` and `vc20-bssl/jwt`): a compact JWT, or an
 * `EnvelopedVerifiablePresentation` holding one. Audience, not a challenge, binds them to us (DCP defines no nonce).
 */
export function jwtFormat(options: JwtFormatOptions): PresentationFormat {
  return {
    name: 'jwt',
    accepts: (entry) => presentationJwtOf(entry) !== undefined,
    async verify(entry, expected) {
      const jwt = presentationJwtOf(entry) ?? '';
      const vp = await checkJwtPresentation(
        jwt,
        { holder: expected.holder, audience: expected.domain, nowMs: options.clock.now(), skewSeconds: options.skewSeconds ?? 60 },
        options.resolver,
      );
      const errors = vp.ok ? [] : vp.problems.map((p) => `presentation: ${p}`);
      const credentials: JsonObject[] = [];
      const credentialResults: CredentialVerification[] = [];
      for (const credentialJwt of vp.credentialJwts) {
        const decoded = await options.jwtCredentials.decode(credentialJwt);
        const result = await options.credentials.assessCredential(decoded.credential, decoded.problems, expected.holder);
        credentialResults.push(result);
        credentials.push(decoded.credential);
        if (!result.verified) errors.push(...result.errors.map((e) => `credential ${result.credentialId ?? `#${credentialResults.length - 1}`} (${decoded.profile}): ${e}`));
      }
      if (vp.credentialJwts.length === 0) errors.push('presentation carries no credentials');
      const allCredentials = vp.credentialJwts.length > 0 && credentialResults.every((r) => r.verified);
      return {
        verification: { verified: vp.ok && allCredentials, checks: { signature: vp.ok, holder: vp.ok, credentials: allCredentials }, errors, credentialResults },
        credentials,
      };
    },
  };
}
