import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { ConnectorError, type Clock } from '../../core/index.js';

export interface DataTokenClaims {
  transferId: string;
  agreementId: string;
  /** The consumer's DID. */
  audience: string;
  purpose?: string;
}

const ALG = 'HS256';
const AGREEMENT_CLAIM = 'agreement';
const PURPOSE_CLAIM = 'purpose';

/**
 * Short-lived data-plane access tokens (JWT, HS256 with this connector's secret). Each is bound to one transfer
 * (`sub`), its agreement, the declared purpose and the consumer (`aud`); `iss` is the provider. The secret
 * comes from configuration; without one a random per-process secret is used (tokens then die with the process,
 * and the consumer refreshes them).
 */
export function dataTokens(options: { issuer: string; secret?: string | undefined; ttlSeconds: number; clock: Clock }) {
  const key = options.secret ? new TextEncoder().encode(options.secret) : new Uint8Array(randomBytes(32));
  return {
    async issue(claims: DataTokenClaims): Promise<{ token: string; expiresAt: number }> {
      const now = Math.floor(options.clock.now() / 1000);
      const exp = now + options.ttlSeconds;
      const token = await new SignJWT({ [AGREEMENT_CLAIM]: claims.agreementId, ...(claims.purpose ? { [PURPOSE_CLAIM]: claims.purpose } : {}) })
        .setProtectedHeader({ alg: ALG, typ: 'JWT' })
        .setIssuer(options.issuer)
        .setSubject(claims.transferId)
        .setAudience(claims.audience)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .setJti(randomUUID())
        .sign(key);
      return { token, expiresAt: exp * 1000 };
    },

    /** The token's claims, or UNAUTHORIZED when it is malformed, forged, expired, from another issuer or for another transfer. */
    async verify(token: string, transferId: string): Promise<DataTokenClaims> {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALG],
          issuer: options.issuer,
          subject: transferId,
          currentDate: new Date(options.clock.now()),
          requiredClaims: ['exp', 'aud', 'sub'],
        });
        const audience = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
        const agreementId = payload[AGREEMENT_CLAIM];
        if (typeof audience !== 'string' || typeof agreementId !== 'string') throw new Error('claims missing');
        const purpose = payload[PURPOSE_CLAIM];
        return { transferId, agreementId, audience, ...(typeof purpose === 'string' ? { purpose } : {}) };
      } catch (error) {
        throw new ConnectorError('UNAUTHORIZED', { detail: `data token refused: ${(error as { code?: string }).code ?? (error as Error).message}` });
      }
    },
  };
}

export type DataTokens = ReturnType<typeof dataTokens>;
