import { describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock } from '../../../core/index.js';
import type { Training, TrainingSite } from '../training.js';
import { attempt, runRound, type CoordinatorDecision, type CoordinatorDeps } from './coordinator-round.js';

const site = (n: number, missedRounds = 0): TrainingSite => ({
  agreementId: `ag-${n}`,
  siteDid: `did:web:site-${n}`,
  transferId: `tp-${n}`,
  endpoint: `https://site-${n}.example/training/tp-site-${n}`,
  status: 'active',
  missedRounds,
});

const training = (sites: TrainingSite[]): Training =>
  ({
    id: 'urn:uuid:t1',
    state: 'RUNNING',
    purpose: 'p',
    plan: {},
    rounds: 5,
    currentRound: 1,
    minSites: 2,
    roundTimeoutMs: 5_000,
    maxMissedRounds: 3,
    sites,
    global: [0, 0],
    metrics: [],
    checkpoints: [],
    rejected: [],
  }) as unknown as Training;

/** Deps whose every call to a site fails loudly (PEER_REJECTED 'site called'): a site that is not called is never refused. */
function deps(states: Record<string, string>) {
  const recorded: CoordinatorDecision[] = [];
  const called: string[] = [];
  const d = {
    agreements: { findById: async () => ({ status: 'active' }) },
    transferEnded: async () => undefined,
    transferState: async (id: string) => states[id],
    auth: {
      tokenFor: async (did: string) => {
        called.push(did);
        throw new ConnectorError('PEER_REJECTED', { detail: 'site called' });
      },
    },
    clock: new FixedClock(),
    record: async (entries: readonly CoordinatorDecision[]) => {
      recorded.push(...entries);
    },
  } as unknown as CoordinatorDeps;
  return { d, recorded, called };
}

describe('a round while our training transfer with a site is suspended', () => {
  it('should not call the site and count a missed round, not drop it (SUSPENDING, SUSPENDED and RESUMING alike)', async () => {
    for (const state of ['SUSPENDING', 'SUSPENDED', 'RESUMING']) {
      const { d, recorded, called } = deps({ 'tp-1': state, 'tp-2': state });
      const next = await runRound(training([site(1), site(2, 1)]), d);
      expect(called).toEqual([]);
      const reason = `PEER_UNAVAILABLE: our training transfer with the site is suspended (${state})`;
      expect(next.sites).toMatchObject([
        { siteDid: 'did:web:site-1', status: 'active', missedRounds: 1 },
        { siteDid: 'did:web:site-2', status: 'active', missedRounds: 2 },
      ]);
      expect(recorded.map((r) => [r.siteDid, r.accepted, r.reason])).toEqual([
        ['did:web:site-1', false, reason],
        ['did:web:site-2', false, reason],
      ]);
      expect(next.failure).toMatch(/did:web:site-1 \(missed: PEER_UNAVAILABLE: our training transfer with the site is suspended/);
    }
  });

  it('should drop a site suspended for maxMissedRounds rounds in a row (the straggler rule bounds a suspension)', async () => {
    const { d } = deps({ 'tp-1': 'SUSPENDED', 'tp-2': 'SUSPENDED' });
    const next = await runRound(training([site(1, 2), site(2)]), d);
    expect(next.sites[0]).toMatchObject({ status: 'dropped', missedRounds: 3, reason: expect.stringMatching(/missed 3 consecutive round\(s\).*suspended \(SUSPENDED\)/) });
    expect(next.sites[1]).toMatchObject({ status: 'active', missedRounds: 1 });
  });

  it('should call the site while the transfer is STARTED (or its state unknown)', async () => {
    const { d, called, recorded } = deps({ 'tp-1': 'STARTED' });
    const next = await runRound(training([site(1), site(2)]), d);
    expect(called.sort()).toEqual(['did:web:site-1', 'did:web:site-2']);
    expect(recorded.map((r) => r.reason)).toEqual(['PEER_REJECTED: site called', 'PEER_REJECTED: site called']);
    expect(next.sites.map((s) => s.status)).toEqual(['dropped', 'dropped']);
  });
});

describe("a site's 403 because its training transfer is suspended (before the suspension reached us)", () => {
  const refusal = (detail: string) => () => Promise.reject(new ConnectorError('POLICY_DENIED', { detail }));

  it('should be a missed round (PEER_UNAVAILABLE), not a refusal', async () => {
    expect(await attempt(site(1), refusal('the training transfer is suspended'), 5_000)).toEqual({
      site: site(1),
      ok: false,
      missed: true,
      reason: 'PEER_UNAVAILABLE: the site refused the round: the training transfer is suspended',
    });
  });

  it('should stay a refusal for any other reason, however close', async () => {
    for (const detail of ['the training transfer has ended', 'the training transfer is suspended for good', 'The training transfer is suspended'])
      expect(await attempt(site(1), refusal(detail), 5_000)).toMatchObject({ ok: false, missed: false, reason: `POLICY_DENIED: ${detail}` });
    const forbidden = () => Promise.reject(new ConnectorError('FORBIDDEN', { detail: 'the training transfer is suspended' }));
    expect(await attempt(site(1), forbidden, 5_000)).toMatchObject({ ok: false, missed: false });
  });
});
