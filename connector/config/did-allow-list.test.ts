import { loadConfig } from './load-config.js';
import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';

const KEY = 'k'.repeat(24);

const problemsOf = (env: Record<string, string>): string[] => configProblems({ env: { KONTOR_API_KEY: KEY, ...env } });

describe('provider DID lists (dsp.unsignedOffersFrom, dsp.requireAgreementCredential)', () => {
  it('should refuse an entry that is neither a DID nor *, naming the entry', () => {
    expect(problemsOf({ KONTOR_UNSIGNED_OFFERS_FROM: 'notadid', KONTOR_REQUIRE_AGREEMENT_CREDENTIAL: 'did:web:a.example,https://b.example, did:' })).toEqual([
      "dsp.requireAgreementCredential: 'https://b.example' is neither a DID nor '*'",
      "dsp.requireAgreementCredential: 'did:' is neither a DID nor '*'",
      "dsp.unsignedOffersFrom: 'notadid' is neither a DID nor '*'",
    ]);
    expect(problemsOf({ KONTOR_UNSIGNED_OFFERS_FROM: 'did:web:a.example#key-1' })).toEqual(["dsp.unsignedOffersFrom: 'did:web:a.example#key-1' is neither a DID nor '*'"]);
  });

  it('should take DIDs and *', () => {
    const config = loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_UNSIGNED_OFFERS_FROM: '*', KONTOR_REQUIRE_AGREEMENT_CREDENTIAL: 'did:web:a.example%3A8443, did:key:z6Mk1' } });
    expect(config.dsp).toMatchObject({ unsignedOffersFrom: ['*'], requireAgreementCredential: ['did:web:a.example%3A8443', 'did:key:z6Mk1'] });
  });
});
