import { ConnectorError, type Clock } from '../../../core/index.js';
import type { OutboundPolicy } from '../../http/outbound/index.js';
import type { PeerAuth } from '../../peer/peer-auth.js';
import { postToSite, refusedAsUnauthenticated } from '../../peer/post-to-site.js';

/** A training session a site opened for us (decision 0028): presented instead of a new DCP token until it expires. */
export interface OpenedSession {
  token: string;
  expiresAt: number;
}

/** Drop a session this long before the site's expiry, so that a slow request does not arrive after it. */
const EXPIRY_MARGIN_MS = 5_000;

/**
 * The coordinator's training sessions, one per site training endpoint, in memory (a restart goes back to DCP). A session
 * is kept only from an answer whose identity token (the site's live membership) verified, and for at most `maxTtlMs`
 * whatever the site says: within it, answers to session requests need not carry a new identity token (decision 0028).
 */
export class SiteSessions {
  private readonly byEndpoint = new Map<string, OpenedSession>();

  constructor(
    private readonly clock: Clock,
    private readonly maxTtlMs: number,
  ) {}

  get(endpoint: string): string | undefined {
    const s = this.byEndpoint.get(endpoint);
    if (s && s.expiresAt - EXPIRY_MARGIN_MS > this.clock.now()) return s.token;
    this.byEndpoint.delete(endpoint);
    return undefined;
  }

  keep(endpoint: string, session: OpenedSession): void {
    if (this.maxTtlMs > 0) this.byEndpoint.set(endpoint, { ...session, expiresAt: Math.min(session.expiresAt, this.clock.now() + this.maxTtlMs) });
  }

  drop(endpoint: string): void {
    this.byEndpoint.delete(endpoint);
  }

  /** Forgets every session (identity caches flushed): the next requests prove identities anew, both ways. */
  clear(): void {
    this.byEndpoint.clear();
  }
}

/** The session a site's answer opened, checked for shape: a faulty one is the site's fault, not ignored. */
export function openedSession(answer: { session?: unknown }): OpenedSession | undefined {
  const s = answer.session;
  if (s === undefined) return undefined;
  const o = s as { token?: unknown; expiresAt?: unknown };
  if (typeof s !== 'object' || s === null || typeof o.token !== 'string' || o.token.length < 32 || !Number.isFinite(o.expiresAt))
    throw new ConnectorError('PEER_REJECTED', { detail: 'the site answered a malformed training session' });
  return { token: o.token, expiresAt: Number(o.expiresAt) };
}

/**
 * One request to a site's training endpoint (`rounds` or `checkpoint`): with the training session it opened for us,
 * else (no session, or the site no longer knows it: 401) with a new DCP token, as every first request of a training.
 * Only a 401 is retried, and only once.
 */
export async function callSite<T>(
  deps: { auth: PeerAuth; outbound: OutboundPolicy; sessions?: SiteSessions | undefined },
  siteDid: string,
  endpoint: string,
  path: 'rounds' | 'checkpoint',
  body: unknown,
  timeoutMs?: number,
): Promise<{ answer: T; viaSession: boolean }> {
  const session = deps.sessions?.get(endpoint);
  if (session) {
    try {
      return { answer: await postToSite<T>(deps.outbound, endpoint, path, undefined, body, { 'x-kontor-training-session': session }, timeoutMs), viaSession: true };
    } catch (error) {
      if (!refusedAsUnauthenticated(error)) throw error;
      deps.sessions?.drop(endpoint);
    }
  }
  return { answer: await postToSite<T>(deps.outbound, endpoint, path, await deps.auth.tokenFor(siteDid), body, {}, timeoutMs), viaSession: false };
}
