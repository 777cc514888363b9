import { describe, expect, it } from 'vitest';
import { DISCLOSED_CREDENTIAL_TYPES } from '../identity/runtime/access-tokens.js';
import { configProblems } from '../../test/helpers/config-problems.js';
import { loadConfig } from './load-config.js';

const KEY = 'k'.repeat(24);

describe('identity.disclosedCredentialTypes', () => {
  it("should default to the types a Kontor verifier asks for (the access tokens' own default)", () => {
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY } }).identity.disclosedCredentialTypes).toEqual(DISCLOSED_CREDENTIAL_TYPES);
  });

  it('should take a list that includes MembershipCredential, once each', () => {
    const env = { KONTOR_API_KEY: KEY, KONTOR_DISCLOSED_CREDENTIAL_TYPES: 'MembershipCredential,DismantlerCredential,DismantlerCredential' };
    expect(loadConfig({ env }).identity.disclosedCredentialTypes).toEqual(['MembershipCredential', 'DismantlerCredential']);
  });

  it('should refuse a list without MembershipCredential and names that are no credential type, naming the setting', () => {
    const problems = configProblems({ env: { KONTOR_API_KEY: KEY, KONTOR_DISCLOSED_CREDENTIAL_TYPES: 'BpnCredential,x:y' } });
    expect(problems).toEqual([
      expect.stringMatching(/^identity\.disclosedCredentialTypes.*'x:y' is not a credential type name/),
      expect.stringMatching(/^identity\.disclosedCredentialTypes.*must include MembershipCredential/),
    ]);
  });
});
