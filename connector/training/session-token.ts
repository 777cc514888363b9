import { createHash, randomBytes } from 'node:crypto';
import { ConnectorError, type Clock } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';

/**
 * What a training session token stands for: a coordinator whose DCP identity the site verified (token, membership
 * presentation) on a round request of one training transfer, under one agreement, for one purpose.
 */
export interface SessionGrant {
  /** The coordinator as verified when the session was opened (its DID and credential claims, for the policy engine). */
  agent: ParticipantAgent;
  agreementId: string;
  transferId: string;
  purpose: string;
  /** The site session's suspension count when the token was issued: after a later suspension the token is refused. */
  suspensions: number;
  expiresAt: number;
}

/** Most open sessions a site keeps (one per training transfer is the rule); the oldest goes first. */
const MAX_SESSIONS = 10_000;

const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

/**
 * Short-lived training sessions of a site (decision 0028): after a round request whose DCP identity verified, the site
 * hands the coordinator a random 256-bit token that later round requests of the same training transfer present instead
 * of a new self-issued token. The site keeps the grant (in memory, under the token's hash: a restart or another
 * replica simply sends the coordinator back to DCP); nothing in the token itself is trusted. Every round is still
 * gated in full (agreement, suspension, purpose, plan, budget, policy); `revokeAll` (an identity-cache flush: a
 * revocation is known) ends every session at once.
 */
export class TrainingSessionTokens {
  private readonly live = new Map<string, SessionGrant>();

  /** `ttlMs` 0: no sessions (every round request proves its DCP identity anew, as when presentations are never reused). */
  constructor(private readonly o: { clock: Clock; ttlMs: number }) {
    if (!(Number.isInteger(o.ttlMs) && o.ttlMs >= 0)) throw new ConnectorError('VALIDATION_FAILED', { detail: 'a training session lifetime is a whole number of ms, 0 or more' });
  }

  /** A new session, or undefined when sessions are off. */
  issue(grant: Omit<SessionGrant, 'expiresAt'>): { token: string; expiresAt: number } | undefined {
    if (this.o.ttlMs === 0) return undefined;
    const now = this.o.clock.now();
    for (const [key, g] of this.live) if (g.expiresAt <= now) this.live.delete(key);
    while (this.live.size >= MAX_SESSIONS) this.live.delete(this.live.keys().next().value as string);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + this.o.ttlMs;
    this.live.set(keyOf(token), { ...grant, expiresAt });
    return { token, expiresAt };
  }

  /** The grant of a live session for this training transfer, or UNAUTHORIZED naming why (the coordinator then uses DCP again). */
  verify(token: string, transferId: string): SessionGrant {
    const key = keyOf(token);
    const grant = this.live.get(key);
    const refuse = (why: string): never => {
      throw new ConnectorError('UNAUTHORIZED', { detail: `training session refused: ${why}` });
    };
    if (!grant) return refuse('unknown, revoked or forged session token');
    if (grant.expiresAt <= this.o.clock.now()) {
      this.live.delete(key);
      return refuse('the session has expired');
    }
    if (grant.transferId !== transferId) return refuse('the session is for another training transfer');
    return grant;
  }

  /** Ends every session (identity caches flushed) or those of one training transfer (it ended, or was suspended). */
  revoke(transferId?: string): void {
    if (transferId === undefined) this.live.clear();
    else for (const [key, g] of this.live) if (g.transferId === transferId) this.live.delete(key);
  }
}
