import { loadConfig } from './load-config.js';
import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';

const KEY = 'k'.repeat(24);

const problemsOf = (hosts: string): string[] => configProblems({ env: { KONTOR_API_KEY: KEY, KONTOR_DID_HTTP_HOSTS: hosts } });

describe('did.httpHosts', () => {
  it('should refuse an entry that is not a bare host name, naming it (a URL, a port, a path would never match)', () => {
    const why = 'is not a host name (a name like site-a or an IP address; no scheme, port or path)';
    expect(problemsOf('http://x,site-a:8282,site-b/did,u@site-c, a b')).toEqual([
      `did.httpHosts: 'http://x' ${why}`,
      `did.httpHosts: 'site-a:8282' names a port: ${why}`,
      `did.httpHosts: 'site-b/did' ${why}`,
      `did.httpHosts: 'u@site-c' ${why}`,
      `did.httpHosts: 'a b' ${why}`,
    ]);
  });

  it('should take host names and IP addresses, lower-cased as URLs compare them', () => {
    const config = loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_DID_HTTP_HOSTS: 'Site-A,authority.local,10.0.0.7,[fd00::1]' } });
    expect(config.did.httpHosts).toEqual(['site-a', 'authority.local', '10.0.0.7', '[fd00::1]']);
  });
});
