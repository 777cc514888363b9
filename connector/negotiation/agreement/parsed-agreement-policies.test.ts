import { describe, expect, it, vi } from 'vitest';
import { createPolicyEngine } from '../../../policy/index.js';
import type { ContractAgreement } from './contract-agreement.js';
import { parsedAgreementPolicies } from './parsed-agreement-policies.js';

const agreement = (id: string): ContractAgreement => ({
  id,
  negotiationId: 'n',
  assigner: 'did:web:p',
  assignee: 'did:web:c',
  assetId: 'a',
  signedAt: 0,
  status: 'active',
  policy: { '@id': id, '@type': 'Agreement', permission: [{ action: 'use' }], target: 'a', assigner: 'did:web:p', assignee: 'did:web:c', timestamp: '2023-11-14T22:13:20Z' },
});

describe('parsedAgreementPolicies', () => {
  it('should parse each agreement once, without its timestamp, and hand back the same policy object', () => {
    const engine = createPolicyEngine();
    const parse = vi.spyOn(engine, 'parse');
    const parsed = parsedAgreementPolicies(engine);
    const first = parsed(agreement('ag1'));
    expect(parsed(structuredClone(agreement('ag1')))).toBe(first);
    expect(parse).toHaveBeenCalledTimes(1);
    expect(parse.mock.calls[0]?.[0]).not.toHaveProperty('timestamp');
    expect(parsed(agreement('ag2'))).not.toBe(first);
    expect(parse).toHaveBeenCalledTimes(2);
  });
});
