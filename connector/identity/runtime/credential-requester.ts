import { ConnectorError, type Clock, type Logger } from '../../../core/index.js';
import { dspRequest, joinUrl } from '../../peer/dsp-http-client.js';
import { didWebFromUrl } from '../did/did-web-url.js';
import { dateOf, isObject, issuerOf, specificTypes, type JsonObject } from '../vc/credential-fields.js';
import type { CredentialVerification } from '../vc/verification-result.js';
import type { HeldCredential, HeldCredentialStore } from './held-credentials.js';
import type { IdentityRuntime } from './identity-runtime.js';
import { verifyHeld } from './membership-standing.js';
import { MEMBERSHIP_WATCH_DEFAULTS, MembershipWatch, renewalDelay, type RenewalBackoff } from './membership-watch.js';

export const ISSUANCE_PATH = 'api/issuance/credentials';

/**
 * Asks the authority for this participant's credentials, proving control of its DID with a self-issued token,
 * verifies every credential it gets (signature, trusted issuer, validity, status, holder = us), and keeps
 * them. `start` repeats the request before the earliest credential expires, and watches the held MembershipCredential
 * (`membership`): when the authority's key no longer verifies it (retired, rotated away) it asks again at once.
 */
export class CredentialRequester {
  private timer: NodeJS.Timeout | undefined;
  private watchTimer: NodeJS.Timeout | undefined;
  private failedRequests = 0;
  readonly authorityDid: string;
  /** Whether the held MembershipCredential still verifies as a peer would (the readiness check asks it). */
  readonly membership: MembershipWatch;

  constructor(
    private readonly deps: {
      runtime: IdentityRuntime;
      wallet: HeldCredentialStore;
      authorityUrl: string;
      clock: Clock;
      logger: Logger;
      /** How often the held MembershipCredential is verified again (30 s unless told). */
      checkIntervalMs?: number;
      renewalBackoff?: RenewalBackoff;
    },
  ) {
    this.authorityDid = didWebFromUrl(deps.authorityUrl);
    this.membership = new MembershipWatch({
      wallet: deps.wallet,
      clock: deps.clock,
      logger: deps.logger,
      verify: (held) => verifyHeld(deps.runtime, held),
      renew: () => this.request(),
      checkIntervalMs: deps.checkIntervalMs ?? MEMBERSHIP_WATCH_DEFAULTS.checkIntervalMs,
      backoff: deps.renewalBackoff ?? MEMBERSHIP_WATCH_DEFAULTS.backoff,
    });
  }

  async request(): Promise<HeldCredential[]> {
    const token = await this.deps.runtime.selfIssuedToken(this.authorityDid);
    const { body } = await dspRequest('operator', 'POST', joinUrl(this.deps.authorityUrl, ISSUANCE_PATH), `Bearer ${token}`, { holder: this.deps.runtime.did });
    const credentials = (body as { credentials?: unknown } | undefined)?.credentials;
    if (!Array.isArray(credentials) || credentials.length === 0) throw new ConnectorError('PEER_REJECTED', { detail: 'the authority issued no credentials' });
    const held: HeldCredential[] = [];
    for (const issued of credentials as unknown[]) {
      const { credential, stored, result } = await this.verifyIssued(issued);
      if (!result.verified) throw new ConnectorError('PEER_REJECTED', { detail: `an issued credential does not verify: ${result.errors.join('; ')}` });
      held.push({
        id: String(credential.id),
        issuer: issuerOf(credential) ?? '',
        types: specificTypes(credential),
        validUntil: dateOf(credential, 'validUntil') ?? Number.MAX_SAFE_INTEGER,
        receivedAt: this.deps.clock.now(),
        credential: stored,
      });
    }
    await this.deps.wallet.replaceAll(held);
    this.membership.reset();
    this.deps.logger.info({ types: held.flatMap((h) => h.types), authority: this.authorityDid }, 'credentials received');
    return held;
  }

  /** A Data Integrity credential is kept as issued; a JWT (compact string) is kept enveloped (`data:application/vc+jwt,…`). */
  private async verifyIssued(issued: unknown): Promise<{ credential: JsonObject; stored: JsonObject; result: CredentialVerification }> {
    const runtime = this.deps.runtime;
    if (typeof issued !== 'string') {
      const credential = isObject(issued) ? issued : {};
      return { credential, stored: credential, result: await runtime.credentialVerifier.verifyCredential(issued, { holder: runtime.did }) };
    }
    const decoded = await runtime.jwtCredentials.decode(issued);
    const result = await runtime.credentialVerifier.assessCredential(decoded.credential, decoded.problems, runtime.did);
    return { credential: decoded.credential, stored: { type: 'EnvelopedVerifiableCredential', id: `data:application/vc+jwt,${issued}` }, result };
  }

  /**
   * Requests now, then again when 80 % of the shortest validity has passed (on failure again after a back-off growing
   * from a minute to 15 minutes; not while the held credential is revoked); verifies the held MembershipCredential
   * every `checkIntervalMs` and renews it when the authority's key no longer verifies it.
   */
  async start(): Promise<void> {
    this.watchTimer ??= setInterval(
      () => void this.membership.tick().catch((error: unknown) => this.deps.logger.warn({ err: error }, 'checking the held credentials failed')),
      this.checkIntervalMs(),
    );
    this.watchTimer.unref();
    let delay: number;
    if (this.membership.revoked()) {
      this.deps.logger.warn({ authority: this.authorityDid }, 'the held MembershipCredential is revoked; not asking the authority for new credentials');
      delay = RETRY_BACKOFF.maxDelayMs;
    } else {
      try {
        const held = await this.request();
        this.failedRequests = 0;
        const now = this.deps.clock.now();
        const earliest = Math.min(...held.map((h) => h.validUntil));
        delay = Math.max(5_000, Math.min(0x7fffffff, Math.floor((earliest - now) * 0.8)));
      } catch (error) {
        this.failedRequests += 1;
        delay = renewalDelay(this.failedRequests, RETRY_BACKOFF);
        this.deps.logger.warn({ detail: (error as Error).message, retryInMs: delay }, 'requesting credentials from the authority failed; retrying later');
      }
    }
    this.timer = setTimeout(() => void this.start(), delay);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.watchTimer = undefined;
  }

  private checkIntervalMs(): number {
    return this.deps.checkIntervalMs ?? MEMBERSHIP_WATCH_DEFAULTS.checkIntervalMs;
  }
}

/** The scheduled request's retries: from a minute, doubling, at most every 15 minutes (it never gives up: expiry nears). */
const RETRY_BACKOFF: RenewalBackoff = { maxAttempts: Number.POSITIVE_INFINITY, firstDelayMs: 60_000, maxDelayMs: 15 * 60_000 };
