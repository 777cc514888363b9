import { loadConfig } from './load-config.js';
import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';

const KEY = 'k'.repeat(24);

const problemsOf = (env: Record<string, string>): string[] => configProblems({ env: { KONTOR_API_KEY: KEY, ...env } });

describe('participantId', () => {
  it('should refuse an id that is not a DID with the DCP identity, naming the setting and its variable', () => {
    const problems = problemsOf({ KONTOR_PARTICIPANT_ID: 'notadid' });
    expect(problems).toEqual([expect.stringMatching(/^participantId: 'notadid' is not a DID: .*participantId \(KONTOR_PARTICIPANT_ID\) must be a did:web/)]);
  });

  it('should refuse a DID peers cannot fetch this connector’s document from: another method, or a did:web that names no host', () => {
    for (const id of ['did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', 'did:example:123', 'did:web:', 'did:web:a%2Fb', 'did:web:u%40h', 'did:web:h:..', 'did:web:h#k']) {
      expect(problemsOf({ KONTOR_PARTICIPANT_ID: id }), id).toEqual([expect.stringMatching(/^participantId: .*must be a did:web/)]);
    }
  });

  it('should take a did:web, with a port or a path, and derive one when unset', () => {
    for (const id of ['did:web:provider.example', 'did:web:127.0.0.1%3A8282', 'did:web:gw.example:site-a', 'did:web:replica.example%3A8443:a:b']) {
      expect(loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_PARTICIPANT_ID: id } }).participantId, id).toBe(id);
    }
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_PUBLIC_URL: 'https://c.example' } }).participantId).toBe('did:web:c.example');
  });

  it('should keep any id with the development identity (the Eclipse DSP TCK)', () => {
    const config = loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_IDENTITY_KIND: 'dev', KONTOR_PARTICIPANT_ID: 'CONNECTOR_UNDER_TEST' } });
    expect(config.participantId).toBe('CONNECTOR_UNDER_TEST');
  });
});
