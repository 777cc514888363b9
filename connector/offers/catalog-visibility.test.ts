import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { createPolicyEngine, type ParticipantAgent } from '../../policy/index.js';
import { catalogVisibility } from './catalog-visibility.js';

const meta = { createdAt: 0, updatedAt: 0, version: 1 };
const membersOnly = {
  ...meta,
  id: 'members',
  policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'kontor:credentialType', operator: 'eq', rightOperand: 'MembershipCredential' }] }] },
};
const guest: ParticipantAgent = { id: 'did:web:guest', claims: { credentialTypes: [] } };
const member: ParticipantAgent = { id: 'did:web:member', claims: { credentialTypes: ['MembershipCredential'] } };

describe('catalogVisibility (real policy engine, scope catalog)', () => {
  const visible = catalogVisibility(createPolicyEngine(), new FixedClock());

  it('should show an offer to a participant holding the required credential and hide it from others', () => {
    expect(visible(membersOnly, member)).toBe(true);
    expect(visible(membersOnly, guest)).toBe(false);
    expect(visible({ ...meta, id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } }, guest)).toBe(true);
  });

  it('should re-read a policy when its version changes', () => {
    expect(visible(membersOnly, guest)).toBe(false);
    expect(visible({ ...membersOnly, version: 2, policy: { '@type': 'Set', permission: [{ action: 'use' }] } }, guest)).toBe(true);
  });

  it('should throw on a policy that does not parse (the provider then hides its offers)', () => {
    expect(() =>
      visible({ ...meta, id: 'bad', policy: { permission: [{ action: 'use', constraint: [{ leftOperand: 'nonsense:thing', operator: 'eq', rightOperand: 'x' }] }] } }, member),
    ).toThrow();
  });
});
