import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { agentStanding, evidenceOf, type EvidencedAgent } from './agent-evidence.js';

const entry = { type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '7', statusListCredential: 'https://authority.example/status/1' };
const membership = {
  type: ['VerifiableCredential', 'MembershipCredential'],
  issuer: 'did:web:authority.example',
  validUntil: '2026-12-31T00:00:00Z',
  credentialStatus: entry,
  credentialSubject: { id: 'did:web:c' },
};
const agent = (credentials = [membership]): EvidencedAgent => ({ id: 'did:web:c', claims: { credentialTypes: ['MembershipCredential'] }, evidence: evidenceOf(credentials) });

describe('the credential evidence a transfer keeps, re-checked by the policy monitor', () => {
  it('should keep issuer, specific types, expiry and status entries, and nothing of the subject', () => {
    expect(evidenceOf([membership])).toEqual([
      { issuer: 'did:web:authority.example', type: ['MembershipCredential'], validUntil: '2026-12-31T00:00:00Z', credentialStatus: [entry] },
    ]);
  });

  it('should let an agent stand while its credentials are valid and unrevoked', async () => {
    const standing = agentStanding({ status: { findings: async () => [] }, clock: new FixedClock(Date.parse('2026-12-01T00:00:00Z')) });
    expect(await standing(agent())).toBeUndefined();
    expect(await standing({ id: 'did:web:dev', claims: { credentialTypes: [] } })).toBeUndefined(); // development identity: no evidence
  });

  it('should name an expired credential', async () => {
    const standing = agentStanding({ status: { findings: async () => [] }, clock: new FixedClock(Date.parse('2027-01-01T00:00:00Z')) });
    expect(await standing(agent())).toMatch(/MembershipCredential from did:web:authority.example expired at 2026-12-31/);
  });

  it('should name a revocation, and not mistake an unreachable status list for one', async () => {
    const clock = new FixedClock(Date.parse('2026-12-01T00:00:00Z'));
    const seen: unknown[] = [];
    const revoked = agentStanding({
      status: {
        findings: async (c) => {
          seen.push(c);
          return [{ kind: 'set', message: `revocation bit 7 is set in ${entry.statusListCredential}` }];
        },
      },
      clock,
    });
    expect(await revoked(agent())).toMatch(/is no longer valid: revocation bit 7 is set/);
    expect(seen).toEqual([expect.objectContaining({ issuer: 'did:web:authority.example', credentialStatus: [entry] })]);
    const unknown: string[] = [];
    const unreachable = agentStanding({
      status: { findings: async () => [{ kind: 'unusable', message: 'status list https://authority.example/status/1 unusable: ECONNREFUSED' }] },
      clock,
      onUnknown: (p) => void unknown.push(p),
    });
    expect(await unreachable(agent())).toBeUndefined();
    expect(unknown).toEqual([expect.stringMatching(/unusable: ECONNREFUSED/)]);
  });
});
