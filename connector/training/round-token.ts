import { randomBytes, webcrypto } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { ConnectorError, type Clock, type IdGenerator } from '../../core/index.js';

/** What a round asks a site for: local training, evaluation of a model, or (before round 1) feature statistics. */
export type RoundTask = 'fit' | 'evaluate' | 'statistics';
export const ROUND_TASKS: readonly RoundTask[] = ['fit', 'evaluate', 'statistics'];

/** What one round token allows: one round of one training transfer, for one purpose and one global model. */
export interface RoundGrant {
  /** The coordinator's DID. */
  sub: string;
  agreementId: string;
  /** The site's training transfer. */
  transferId: string;
  purpose: string;
  round: number;
  /** Hash of the global model the coordinator will send. */
  globalModelHash: string;
  task: RoundTask;
  jti: string;
  exp: number;
}

/** The claim names on the wire (short, as issued since the first release) for the grant's fields: the token's only mapping. */
const ROUND_CLAIMS = { agreementId: 'agr', transferId: 'tid', purpose: 'pur', round: 'rnd', globalModelHash: 'gmh', task: 'task' } as const;

function toClaims(grant: Omit<RoundGrant, 'sub' | 'jti' | 'exp'>): Record<string, string | number> {
  const c = ROUND_CLAIMS;
  return {
    [c.agreementId]: grant.agreementId,
    [c.transferId]: grant.transferId,
    [c.purpose]: grant.purpose,
    [c.round]: grant.round,
    [c.globalModelHash]: grant.globalModelHash,
    [c.task]: grant.task,
  };
}

function fromClaims(payload: Record<string, unknown>, sub: string): RoundGrant {
  const c = ROUND_CLAIMS;
  return {
    sub,
    agreementId: String(payload[c.agreementId]),
    transferId: String(payload[c.transferId]),
    purpose: String(payload[c.purpose]),
    round: Number(payload[c.round]),
    globalModelHash: String(payload[c.globalModelHash]),
    task: ROUND_TASKS.find((t) => t === payload[c.task]) ?? 'fit',
    jti: String(payload.jti),
    exp: Number(payload.exp),
  };
}

/**
 * Single-use, short-lived round tokens issued by the site (HS256 under a per-process secret: a restart simply
 * makes coordinators ask again). Single use is enforced by the site's atomic round counter and a jti check.
 */
export class RoundTokens {
  /** The HMAC key, imported into WebCrypto once (jose would import raw bytes again at every token). */
  private readonly secret: Promise<webcrypto.CryptoKey>;

  constructor(private readonly o: { issuer: string; clock: Clock; ids: IdGenerator; ttlSeconds: number; secret?: Uint8Array }) {
    this.secret = webcrypto.subtle.importKey('raw', o.secret ?? randomBytes(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  }

  async issue(grant: Omit<RoundGrant, 'jti' | 'exp'>): Promise<{ token: string; expiresAt: number }> {
    const now = Math.floor(this.o.clock.now() / 1000);
    const exp = now + this.o.ttlSeconds;
    const token = await new SignJWT(toClaims(grant))
      .setProtectedHeader({ alg: 'HS256', typ: 'kontor-round+jwt' })
      .setIssuer(this.o.issuer)
      .setSubject(grant.sub)
      .setAudience(`${this.o.issuer}#training`)
      .setIssuedAt(now)
      .setExpirationTime(exp)
      .setJti(this.o.ids.next())
      .sign(await this.secret);
    return { token, expiresAt: exp * 1000 };
  }

  /** The grant, or FORBIDDEN naming why (expired, forged, for someone else). */
  async verify(token: string, caller: string): Promise<RoundGrant> {
    try {
      const { payload } = await jwtVerify(token, await this.secret, {
        issuer: this.o.issuer,
        audience: `${this.o.issuer}#training`,
        subject: caller,
        algorithms: ['HS256'],
        currentDate: new Date(this.o.clock.now()),
        clockTolerance: 5,
      });
      return fromClaims(payload, caller);
    } catch (error) {
      throw new ConnectorError('FORBIDDEN', { detail: `round token refused: ${(error as Error).message}` });
    }
  }
}
