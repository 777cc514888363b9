import { describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../../core/index.js';
import type { HeldCredential, HeldCredentialStore } from './held-credentials.js';
import type { MembershipStanding } from './membership-standing.js';
import { MembershipWatch, renewalDelay } from './membership-watch.js';

const DAY = 86_400_000;
const backoff = { maxAttempts: 3, firstDelayMs: 30_000, maxDelayMs: 60_000 };

/** A wallet, a verifier that answers per credential id, an authority that issues (or fails) on request, and the watch. */
function setup(first: MembershipStanding) {
  const clock = new FixedClock();
  let held: HeldCredential[] = [];
  const wallet: HeldCredentialStore = {
    replaceAll: async (c) => {
      held = [...c];
    },
    list: async () => held,
  };
  const holding = (id: string): HeldCredential[] => [
    { id, issuer: 'did:web:authority', types: ['MembershipCredential'], validUntil: clock.now() + 30 * DAY, receivedAt: clock.now(), credential: {} },
  ];
  held = holding('c1');
  const standings = new Map<string, MembershipStanding>([['c1', first]]);
  const calls = { verify: 0, renew: 0 };
  const authority = { up: true, issues: 1 };
  const watch: MembershipWatch = new MembershipWatch({
    wallet,
    clock,
    logger: silentLogger,
    checkIntervalMs: 10_000,
    backoff,
    verify: async (h) => {
      calls.verify += 1;
      return standings.get(h.id) ?? { ok: true };
    },
    renew: async () => {
      calls.renew += 1;
      if (!authority.up) throw new Error('the authority answered 503');
      authority.issues += 1;
      await wallet.replaceAll(holding(`c${authority.issues}`));
      watch.reset();
    },
  });
  // What the membershipCredential readiness check asks once a credential is held and not about to expire.
  const readiness = { check: () => watch.problem() };
  return { clock, watch, calls, authority, readiness, held: () => held };
}

const retired: MembershipStanding = { ok: false, remedy: 'renew', problem: 'verification method did:web:authority#key-1 not found' };
const revoked: MembershipStanding = { ok: false, remedy: 'revoked', problem: 'revocation bit 7 is set in http://authority/status/1' };

describe('MembershipWatch', () => {
  it('should report a problem while the authority key that signed the credential is retired, and renew without a manual request', async () => {
    const s = setup(retired);
    s.authority.up = false;
    const detail = await s.readiness.check();
    expect(detail).toBe('the held MembershipCredential no longer verifies: verification method did:web:authority#key-1 not found (requesting new credentials from the authority)');
    await s.watch.tick(); // the attempt the probe started has failed: the next waits 30 s
    expect(s.calls.renew).toBe(1);
    s.authority.up = true;
    await s.watch.tick();
    expect(s.calls.renew).toBe(1);
    s.clock.advance(30_000);
    await s.watch.tick();
    expect(s.calls.renew).toBe(2);
    expect(s.held()[0]?.id).toBe('c2');
    expect(await s.readiness.check()).toBeUndefined();
  });

  it('should verify at most once per interval, however often readiness is probed', async () => {
    const s = setup({ ok: true });
    for (let i = 0; i < 5; i++) expect(await s.readiness.check()).toBeUndefined();
    expect(s.calls.verify).toBe(1);
    s.clock.advance(10_000);
    await s.readiness.check();
    expect(s.calls.verify).toBe(2);
  });

  it('should give up after the bounded number of attempts, waiting longer each time, and say so', async () => {
    const s = setup(retired);
    s.authority.up = false;
    for (let i = 0; i < 20; i++) {
      await s.watch.tick();
      s.clock.advance(10_000);
    }
    expect(s.calls.renew).toBe(3);
    expect(await s.readiness.check()).toContain('(asked the authority for new credentials 3 times; gave up)');
    expect([1, 2, 3].map((n) => renewalDelay(n, backoff))).toEqual([30_000, 60_000, 60_000]);
  });

  it('should stay not ready with the reason when the credential is revoked, and never ask the authority again', async () => {
    const s = setup(revoked);
    expect(await s.readiness.check()).toBe(
      'the held MembershipCredential no longer verifies: revocation bit 7 is set in http://authority/status/1 (revoked: not asking the authority for new credentials)',
    );
    for (let i = 0; i < 20; i++) {
      await s.watch.tick();
      s.clock.advance(60_000);
    }
    expect(s.calls.renew).toBe(0);
    expect(s.watch.revoked()).toBe(true);
    expect(await s.readiness.check()).toContain('revoked');
  });
});
