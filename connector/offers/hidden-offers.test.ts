import { describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../core/index.js';
import { createPolicyEngine, type ParticipantAgent } from '../../policy/index.js';
import { catalogVisibility } from './catalog-visibility.js';
import { hiddenOffersReporter, type HiddenOffers } from './hidden-offers.js';

const meta = { createdAt: 0, updatedAt: 0, version: 1 };
const bpnOnly = {
  ...meta,
  id: 'bpn-only',
  policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'kontor:businessPartnerNumber', operator: 'eq', rightOperand: 'BPNL00000000000A' }] }] },
};
const guest: ParticipantAgent = { id: 'did:web:guest', claims: { credentialTypes: ['MembershipCredential'] } };

describe('offers hidden by an access policy are reported, not filtered in silence', () => {
  it('should report each denial with its reasons and a body that reproduces it', () => {
    const reports: HiddenOffers[] = [];
    const clock = new FixedClock();
    const visible = catalogVisibility(createPolicyEngine(), clock, (r) => reports.push(r));
    expect(visible(bpnOnly, guest)).toBe(false);
    expect(reports).toEqual([
      {
        counterparty: 'did:web:guest',
        policyId: 'bpn-only',
        policyVersion: 1,
        reasons: [expect.stringMatching(/BusinessPartnerNumber|business partner/i)],
        reproduce: { policyId: 'bpn-only', scope: 'catalog', context: { participantId: 'did:web:guest', claims: guest.claims, now: new Date(clock.now()).toISOString() } },
      },
    ]);
    expect(visible({ ...bpnOnly, policy: { '@type': 'Set', permission: [{ action: 'use' }] }, version: 2 }, guest)).toBe(true);
    expect(reports).toHaveLength(1);
  });

  it('should log and record a repeated denial once per interval, and again when the policy or the reasons change', () => {
    const clock = new FixedClock();
    const recorded: HiddenOffers[] = [];
    const report = hiddenOffersReporter({ clock, logger: silentLogger, record: (r) => recorded.push(r), repeatAfterMs: 1000, maxRemembered: 2 });
    const denial = (policyVersion: number, counterparty = 'did:web:a'): HiddenOffers => ({
      counterparty,
      policyId: 'p',
      policyVersion,
      reasons: ['no'],
      reproduce: { policyId: 'p', scope: 'catalog', context: { participantId: counterparty, claims: {}, now: '' } },
    });
    report(denial(1));
    report(denial(1));
    expect(recorded).toHaveLength(1);
    report(denial(2));
    expect(recorded).toHaveLength(2);
    clock.advance(1000);
    report(denial(1));
    expect(recorded).toHaveLength(3);
    // Bounded memory: the oldest remembered report is forgotten, so it is reported again.
    report(denial(1, 'did:web:b'));
    report(denial(1, 'did:web:c'));
    report(denial(1));
    expect(recorded.map((r) => r.counterparty)).toEqual(['did:web:a', 'did:web:a', 'did:web:a', 'did:web:b', 'did:web:c', 'did:web:a']);
  });
});
