import type { Clock, Logger } from '../../../core/index.js';
import type { HeldCredential, HeldCredentialStore } from './held-credentials.js';
import type { MembershipStanding } from './membership-standing.js';

/** How often new credentials are asked for when the held ones no longer verify: doubling delays, a bounded number of times. */
export interface RenewalBackoff {
  maxAttempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const MEMBERSHIP_WATCH_DEFAULTS = { checkIntervalMs: 30_000, backoff: { maxAttempts: 6, firstDelayMs: 30_000, maxDelayMs: 15 * 60_000 } };

/** The wait after the `attempts`-th attempt (1-based): firstDelayMs, doubling, at most maxDelayMs. Pure. */
export function renewalDelay(attempts: number, backoff: RenewalBackoff): number {
  return Math.min(backoff.maxDelayMs, backoff.firstDelayMs * 2 ** Math.max(0, attempts - 1));
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Watches the held MembershipCredential: verifies it (at most once per `checkIntervalMs`) and, when the issuer's key
 * no longer verifies it or it expired, asks the authority for new credentials (at most `backoff.maxAttempts` times,
 * waiting longer each time). A revoked credential is not renewed: the authority refuses a revoked participant.
 */
export class MembershipWatch {
  private checked: { at: number; standing: MembershipStanding } | undefined;
  private checking: Promise<MembershipStanding | undefined> | undefined;
  private renewing: Promise<void> | undefined;
  private generation = 0;
  /** Renewals asked for since the credential last verified; they stop at backoff.maxAttempts. */
  private attempts = 0;
  private nextAttemptAt = 0;

  constructor(
    private readonly d: {
      wallet: HeldCredentialStore;
      clock: Clock;
      logger: Logger;
      verify(held: HeldCredential): Promise<MembershipStanding>;
      renew(): Promise<unknown>;
      checkIntervalMs: number;
      backoff: RenewalBackoff;
    },
  ) {}

  /**
   * Why the held MembershipCredential does not serve, or undefined (also when none is held: the readiness check says
   * that). Starts a due renewal without waiting for it.
   */
  async problem(): Promise<string | undefined> {
    const standing = await this.standing();
    if (!standing || standing.ok) return undefined;
    void this.renewIfDue(standing);
    return this.describe(standing);
  }

  /** Verifies when due and renews when due, waiting for both: the timer's step. */
  async tick(): Promise<void> {
    const standing = await this.standing();
    if (standing && !standing.ok) await this.renewIfDue(standing);
  }

  /** Whether the last verification found the credential revoked. */
  revoked(): boolean {
    return this.checked?.standing.ok === false && this.checked.standing.remedy === 'revoked';
  }

  /** New credentials are held (renewed here, at 80 % of the validity, or asked for by hand): verify them afresh. */
  reset(): void {
    this.generation += 1;
    this.checked = undefined;
    this.checking = undefined;
  }

  private describe(standing: Exclude<MembershipStanding, { ok: true }>): string {
    const why = `the held MembershipCredential no longer verifies: ${standing.problem}`;
    if (standing.remedy === 'revoked') return `${why} (revoked: not asking the authority for new credentials)`;
    if (standing.remedy === 'wait') return why;
    if (this.attempts >= this.d.backoff.maxAttempts && !this.renewing) return `${why} (asked the authority for new credentials ${this.attempts} times; gave up)`;
    return `${why} (requesting new credentials from the authority)`;
  }

  private standing(): Promise<MembershipStanding | undefined> {
    if (this.checked && this.d.clock.now() < this.checked.at + this.d.checkIntervalMs) return Promise.resolve(this.checked.standing);
    if (this.checking) return this.checking;
    const checking = this.verifyNow(this.generation).finally(() => {
      if (this.checking === checking) this.checking = undefined;
    });
    this.checking = checking;
    return checking;
  }

  private async verifyNow(generation: number): Promise<MembershipStanding | undefined> {
    const held = (await this.d.wallet.list()).filter((c) => c.types.includes('MembershipCredential'));
    if (held.length === 0) return undefined;
    const standings = await Promise.all(held.map((h) => this.d.verify(h)));
    const standing = standings.find((s) => s.ok) ?? (standings[0] as MembershipStanding);
    if (generation !== this.generation) return standing;
    this.checked = { at: this.d.clock.now(), standing };
    if (standing.ok) {
      this.attempts = 0;
      this.nextAttemptAt = 0;
    }
    return standing;
  }

  private renewIfDue(standing: Exclude<MembershipStanding, { ok: true }>): Promise<void> {
    if (this.renewing) return this.renewing;
    if (standing.remedy !== 'renew' || this.attempts >= this.d.backoff.maxAttempts || this.d.clock.now() < this.nextAttemptAt) return Promise.resolve();
    const renewing = this.attempt(standing).finally(() => {
      if (this.renewing === renewing) this.renewing = undefined;
    });
    this.renewing = renewing;
    return renewing;
  }

  private async attempt(standing: Exclude<MembershipStanding, { ok: true }>): Promise<void> {
    this.attempts += 1;
    const attempt = this.attempts;
    // Also after a success: new credentials that still do not verify are not asked for again at once.
    this.nextAttemptAt = this.d.clock.now() + renewalDelay(attempt, this.d.backoff);
    this.d.logger.warn({ attempt, detail: standing.problem }, 'the held MembershipCredential no longer verifies; requesting new credentials from the authority');
    try {
      await this.d.renew();
    } catch (error) {
      if (attempt >= this.d.backoff.maxAttempts) {
        this.d.logger.error(
          { attempts: attempt, detail: message(error) },
          'requesting new credentials from the authority failed; giving up (POST /api/v1/identity/credentials/request or `kontor credentials request` asks again)',
        );
        return;
      }
      const retryInMs = renewalDelay(attempt, this.d.backoff);
      this.d.logger.warn({ attempt, retryInMs, detail: message(error) }, 'requesting new credentials from the authority failed; retrying later');
    }
  }
}
