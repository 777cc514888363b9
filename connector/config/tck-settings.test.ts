import { loadConfig } from './load-config.js';
import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';

const KEY = 'k'.repeat(24);
const TCK = { KONTOR_API_KEY: KEY, KONTOR_TCK_ENABLED: 'true', KONTOR_DEV_FIXED_AUTHORIZATION: '{"clientId":"any"}', KONTOR_TCK_FIXTURE_FILE: 'fixtures.json' };

const problemsOf = (env: Record<string, string>): string[] => configProblems({ env });

describe('TCK mode settings', () => {
  it('should load with the development identity outside production', () => {
    const c = loadConfig({ env: { ...TCK, KONTOR_IDENTITY_KIND: 'dev' } });
    expect(c.tck).toEqual({ enabled: true, fixtureFile: 'fixtures.json' });
    expect(c.identity.dev).toEqual({ fixedAuthorization: '{"clientId":"any"}', fixedParticipant: 'TCK_PARTICIPANT', allowNetwork: false });
  });

  it('should be refused in production, each setting named', () => {
    const problems = problemsOf({ ...TCK, KONTOR_IDENTITY_KIND: 'dev', NODE_ENV: 'production' });
    for (const key of ['tck.enabled', 'tck.fixtureFile', 'identity.dev.fixedAuthorization'])
      expect(problems).toContain(`${key}: is a development mode (the Eclipse DSP TCK) and is refused when NODE_ENV=production`);
  });

  it('should be refused without identity.kind=dev', () => {
    expect(problemsOf(TCK)).toEqual([
      'tck.enabled: needs identity.kind dev',
      'tck.fixtureFile: needs identity.kind dev',
      'identity.dev.fixedAuthorization: needs identity.kind dev',
    ]);
  });

  it('should refuse a fixture file outside TCK mode, or a fixed participant without its header, rather than ignore them', () => {
    expect(problemsOf({ KONTOR_API_KEY: KEY, KONTOR_IDENTITY_KIND: 'dev', KONTOR_TCK_FIXTURE_FILE: 'f.json' })).toEqual([
      'tck.fixtureFile: is read only in TCK mode: set tck.enabled',
    ]);
    expect(problemsOf({ KONTOR_API_KEY: KEY, KONTOR_IDENTITY_KIND: 'dev', KONTOR_DEV_FIXED_PARTICIPANT: 'X' })).toEqual([
      'identity.dev.fixedParticipant: is used only with identity.dev.fixedAuthorization',
    ]);
  });
});
