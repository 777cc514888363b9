import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../core/index.js';
import { applyStragglerRule, isMissedRound, type SiteOutcome } from './straggler-rule.js';
import type { TrainingSite } from '../training.js';

const site = (siteDid: string, extra: Partial<TrainingSite> = {}): TrainingSite => ({ agreementId: `agr-${siteDid}`, siteDid, status: 'active', missedRounds: 0, ...extra });
const delivered = (siteDid: string): SiteOutcome => ({ siteDid, delivered: true });
const missed = (siteDid: string, reason = 'PEER_UNAVAILABLE: fetch failed'): SiteOutcome => ({ siteDid, delivered: false, missed: true, reason });
const refused = (siteDid: string, reason = 'POLICY_DENIED: count'): SiteOutcome => ({ siteDid, delivered: false, missed: false, reason });
const byDid = (sites: TrainingSite[]) => Object.fromEntries(sites.map((s) => [s.siteDid, s]));

describe('the straggler rule (minimum reporting, consecutive missed rounds)', () => {
  it('should close a round with the sites that delivered when at least minSites did, counting the miss', () => {
    const v = applyStragglerRule({ round: 2, sites: [site('a'), site('b'), site('c')], outcomes: [delivered('a'), delivered('b'), missed('c')], minSites: 2, maxMissedRounds: 2 });
    expect(v.failure).toBeUndefined();
    expect(v.delivered).toBe(2);
    expect(byDid(v.sites).c).toMatchObject({ status: 'active', missedRounds: 1 });
    expect(byDid(v.sites).a).toMatchObject({ status: 'active', missedRounds: 0 });
  });

  it('should drop a site after maxMissedRounds consecutive misses, with a reason naming the rule', () => {
    const v = applyStragglerRule({
      round: 3,
      sites: [site('a'), site('b'), site('c', { missedRounds: 1 })],
      outcomes: [delivered('a'), delivered('b'), missed('c')],
      minSites: 2,
      maxMissedRounds: 2,
    });
    expect(v.failure).toBeUndefined();
    expect(byDid(v.sites).c?.status).toBe('dropped');
    expect(byDid(v.sites).c?.missedRounds).toBe(2);
    expect(byDid(v.sites).c?.reason).toMatch(/missed 2 consecutive.*maxMissedRounds is 2.*straggler rule.*PEER_UNAVAILABLE/);
  });

  it('should drop at the first miss with maxMissedRounds 1 and treat values below 1 as 1', () => {
    for (const maxMissedRounds of [1, 0, -3]) {
      const v = applyStragglerRule({ round: 1, sites: [site('a'), site('b')], outcomes: [delivered('a'), missed('b')], minSites: 1, maxMissedRounds });
      expect(byDid(v.sites).b?.status, String(maxMissedRounds)).toBe('dropped');
    }
  });

  it('should reset the count when a site delivers again (misses must be consecutive)', () => {
    const v = applyStragglerRule({ round: 4, sites: [site('a', { missedRounds: 1 }), site('b')], outcomes: [delivered('a'), delivered('b')], minSites: 2, maxMissedRounds: 2 });
    expect(byDid(v.sites).a).toMatchObject({ status: 'active', missedRounds: 0 });
    const next = applyStragglerRule({ round: 5, sites: v.sites, outcomes: [missed('a'), delivered('b')], minSites: 1, maxMissedRounds: 2 });
    expect(byDid(next.sites).a).toMatchObject({ status: 'active', missedRounds: 1 });
  });

  it('should drop a refusing site at once, with the refusal as reason', () => {
    const v = applyStragglerRule({ round: 1, sites: [site('a'), site('b'), site('c')], outcomes: [delivered('a'), delivered('b'), refused('c')], minSites: 2, maxMissedRounds: 5 });
    expect(byDid(v.sites).c).toMatchObject({ status: 'dropped', reason: 'POLICY_DENIED: count', missedRounds: 1 });
  });

  it('should fail the round when fewer than minSites delivered, naming who was missing and why', () => {
    const v = applyStragglerRule({
      round: 2,
      sites: [site('a'), site('b'), site('c')],
      outcomes: [delivered('a'), delivered('b'), missed('c', 'PEER_UNAVAILABLE: refused')],
      minSites: 3,
      maxMissedRounds: 2,
    });
    expect(v.failure).toMatch(/round 2: 2 of 3 sites delivered, 3 needed/);
    expect(v.failure).toMatch(/minimum-reporting rule/);
    expect(v.failure).toContain('c (missed: PEER_UNAVAILABLE: refused)');
    expect(v.failure).not.toMatch(/\ba \(|\bb \(/);
    expect(byDid(v.sites).c).toMatchObject({ status: 'active', missedRounds: 1 }); // counted, for the record
  });

  it('should name sites dropped in earlier rounds when they leave too few to reach minSites', () => {
    const v = applyStragglerRule({
      round: 3,
      sites: [site('a'), site('b', { status: 'dropped', reason: 'missed 2 consecutive round(s)' })],
      outcomes: [delivered('a')],
      minSites: 2,
      maxMissedRounds: 2,
    });
    expect(v.failure).toContain('b (dropped earlier: missed 2 consecutive round(s))');
  });

  it('should leave sites that were not asked (starting or dropped) as they were', () => {
    const old = site('x', { status: 'dropped', reason: 'gone', missedRounds: 2 });
    const v = applyStragglerRule({ round: 2, sites: [site('a'), old], outcomes: [delivered('a'), missed('x')], minSites: 1, maxMissedRounds: 2 });
    expect(byDid(v.sites).x).toEqual(old);
  });

  it('should count a missing counter (trainings stored before the rule) as zero', () => {
    const legacy: TrainingSite = { agreementId: 'agr', siteDid: 'a', status: 'active' };
    const v = applyStragglerRule({ round: 2, sites: [legacy, site('b')], outcomes: [missed('a'), delivered('b')], minSites: 1, maxMissedRounds: 2 });
    expect(byDid(v.sites).a).toMatchObject({ status: 'active', missedRounds: 1 });
  });

  it('should treat unavailability (refused connection, timeout, 5xx) as a miss and everything else as a refusal', () => {
    expect(isMissedRound(new ConnectorError('PEER_UNAVAILABLE', { detail: 'timed out after 100 ms' }))).toBe(true);
    expect(isMissedRound(new ConnectorError('POLICY_DENIED', { detail: 'count' }))).toBe(false);
    expect(isMissedRound(new ConnectorError('PEER_REJECTED', { detail: '400' }))).toBe(false);
    expect(isMissedRound(new ConnectorError('FORBIDDEN', { detail: 'forged receipt' }))).toBe(false);
    expect(isMissedRound(new TypeError('fetch failed'))).toBe(false);
  });
});
