import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';
import { ConnectorError, type Clock, type IdGenerator } from '../../core/index.js';

/** What a round asks a site for: local training, evaluation of a model, or (before round 1) feature statistics. */
export type RoundTask = 'fit' | 'evaluate' | 'statistics';
export const ROUND_TASKS: readonly RoundTask[] = ['fit', 'evaluate', 'statistics'];

/** What one round token allows: one round of one training transfer, for one purpose and one global model. */
export interface RoundGrant {
  /** The coordinator's DID. */
  sub: string;
  agr: string;
  tid: string;
  pur: string;
  rnd: number;
  /** Hash of the global model the coordinator will send. */
  gmh: string;
  task: RoundTask;
  jti: string;
  exp: number;
}

/**
 * Single-use, short-lived round tokens issued by the site (HS256 under a per-process secret: a restart simply
 * makes coordinators ask again). Single use is enforced by the site's atomic round counter and a jti check.
 */
export class RoundTokens {
  private readonly secret: Uint8Array;

  constructor(private readonly o: { issuer: string; clock: Clock; ids: IdGenerator; ttlSeconds: number; secret?: Uint8Array }) {
    this.secret = o.secret ?? randomBytes(32);
  }

  async issue(grant: Omit<RoundGrant, 'jti' | 'exp'>): Promise<{ token: string; expiresAt: number }> {
    const now = Math.floor(this.o.clock.now() / 1000);
    const exp = now + this.o.ttlSeconds;
    const token = await new SignJWT({ agr: grant.agr, tid: grant.tid, pur: grant.pur, rnd: grant.rnd, gmh: grant.gmh, task: grant.task })
      .setProtectedHeader({ alg: 'HS256', typ: 'kontor-round+jwt' })
      .setIssuer(this.o.issuer).setSubject(grant.sub).setAudience(`${this.o.issuer}#training`)
      .setIssuedAt(now).setExpirationTime(exp).setJti(this.o.ids.next())
      .sign(this.secret);
    return { token, expiresAt: exp * 1000 };
  }

  /** The grant, or FORBIDDEN naming why (expired, forged, for someone else). */
  async verify(token: string, caller: string): Promise<RoundGrant> {
    try {
      const { payload } = await jwtVerify(token, this.secret, {
        issuer: this.o.issuer, audience: `${this.o.issuer}#training`, subject: caller, algorithms: ['HS256'], currentDate: new Date(this.o.clock.now()), clockTolerance: 5,
      });
      return { sub: caller, agr: String(payload.agr), tid: String(payload.tid), pur: String(payload.pur), rnd: Number(payload.rnd), gmh: String(payload.gmh), task: ROUND_TASKS.find((t) => t === payload.task) ?? 'fit', jti: String(payload.jti), exp: Number(payload.exp) };
    } catch (error) {
      throw new ConnectorError('FORBIDDEN', { detail: `round token refused: ${(error as Error).message}` });
    }
  }
}
