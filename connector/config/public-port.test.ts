import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';
import { loadConfig } from './load-config.js';

const KEY = 'k3y-0123456789abcdefXYZ';
const PORT_0 = /^publicApi\.port: is 0 \(a free port picked at start\) without publicApi\.url: .*did:web.* set publicApi\.url \(KONTOR_PUBLIC_URL\)/;

/** Review item 3: publicApi.port 0 made the connector did:web:127.0.0.1%3A0, ready and unreachable. */
describe('publicApi.port 0', () => {
  it('should be refused without publicApi.url, for `kontor config`, `kontor start`, the authority and `kontor init`, even with a participantId', () => {
    for (const role of ['connector', 'authority', 'key-tool'] as const) {
      expect(configProblems({ env: { KONTOR_API_KEY: KEY, KONTOR_PUBLIC_PORT: '0' }, role })).toEqual([expect.stringMatching(PORT_0)]);
    }
    const withId = { KONTOR_API_KEY: KEY, KONTOR_PUBLIC_PORT: '0', KONTOR_PARTICIPANT_ID: 'did:web:site.example' };
    expect(configProblems({ env: withId })).toEqual([expect.stringMatching(PORT_0)]);
    expect(configProblems({ env: {}, overrides: { 'managementApi.apiKey': KEY, 'publicApi.port': 0 } })).toEqual([expect.stringMatching(PORT_0)]);
  });

  it('should be taken with publicApi.url, which then names the connector, and by a reader of the store (it has no listener)', () => {
    const c = loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_PUBLIC_PORT: '0', KONTOR_PUBLIC_URL: 'https://site.example' } });
    expect([c.publicApi.port, c.publicApi.url, c.participantId]).toEqual([0, 'https://site.example', 'did:web:site.example']);
    expect(configProblems({ env: { KONTOR_PUBLIC_PORT: '0' }, role: 'store-reader' })).toEqual([]);
    expect(loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_PUBLIC_PORT: '9443' } }).participantId).toBe('did:web:127.0.0.1%3A9443');
  });
});
