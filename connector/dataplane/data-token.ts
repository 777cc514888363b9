import { randomBytes, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { ConnectorError, type Clock } from '../../core/index.js';
import type { TransferProcess } from '../transfer/index.js';

export interface DataTokenClaims {
  transferId: string;
  agreementId: string;
  /** The consumer's DID. */
  audience: string;
  purpose?: string;
  /** The transfer's token epoch when issued (TransferProcess.tokenEpoch; absent is 0): a token of an older one is dead. */
  epoch?: number;
}

const ALG = 'HS256';
const AGREEMENT_CLAIM = 'agreement';
const PURPOSE_CLAIM = 'purpose';
const EPOCH_CLAIM = 'epoch';

/** The claims of a data token for this transfer as it is now. */
export function tokenClaimsFor(t: TransferProcess): DataTokenClaims {
  return { transferId: t.id, agreementId: t.agreementId, audience: t.counterPartyId, ...(t.purpose ? { purpose: t.purpose } : {}), epoch: t.tokenEpoch ?? 0 };
}

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
      const token = await new SignJWT({
        [AGREEMENT_CLAIM]: claims.agreementId,
        ...(claims.purpose ? { [PURPOSE_CLAIM]: claims.purpose } : {}),
        ...(claims.epoch ? { [EPOCH_CLAIM]: claims.epoch } : {}),
      })
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

    /** The token's claims (epoch 0 when it names none), or UNAUTHORIZED when it is malformed, forged, expired, from another issuer or for another transfer. */
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
        const epoch = payload[EPOCH_CLAIM] ?? 0;
        if (!Number.isSafeInteger(epoch)) throw new Error('epoch claim malformed');
        return { transferId, agreementId, audience, ...(typeof purpose === 'string' ? { purpose } : {}), epoch: epoch as number };
      } catch (error) {
        throw new ConnectorError('UNAUTHORIZED', { detail: `data token refused: ${(error as { code?: string }).code ?? (error as Error).message}` });
      }
    },
  };
}

export type DataTokens = ReturnType<typeof dataTokens>;
