import { describe, expect, it } from 'vitest';
import { configProblems } from '../../test/helpers/config-problems.js';
import { isLoopbackHost } from './dev-network.js';
import { loadConfig } from './load-config.js';

/** A key of ten distinct characters or more: production refuses fewer (api-key-rule.ts). */
const DEV = { KONTOR_API_KEY: 'k3y-0123456789abcdefXYZ', KONTOR_IDENTITY_KIND: 'dev' };
const OPT_IN = 'set identity.dev.allowNetwork=true (KONTOR_DEV_ALLOW_NETWORK) to serve the development identity to the network';
const refused = (key: string, host: string, env: string) =>
  `${key}: '${host}' is not a loopback address, and identity.kind dev lets any caller claim any identity: use 127.0.0.1, ::1 or localhost (${env}), or ${OPT_IN}`;

describe('the development identity on the network', () => {
  it('should bind the public listener to loopback by default with the development identity, to every interface otherwise', () => {
    expect(loadConfig({ env: DEV }).publicApi).toEqual({ host: '127.0.0.1', port: 8282, url: 'http://127.0.0.1:8282' });
    expect(loadConfig({ env: { KONTOR_API_KEY: DEV.KONTOR_API_KEY } }).publicApi.host).toBe('0.0.0.0');
  });

  it('should refuse a listener or public URL that is not loopback, naming each setting', () => {
    expect(configProblems({ env: { ...DEV, KONTOR_PUBLIC_HOST: '0.0.0.0', KONTOR_PUBLIC_URL: 'https://connector.example.com' } })).toEqual([
      refused('publicApi.host', '0.0.0.0', 'KONTOR_PUBLIC_HOST'),
      refused('publicApi.url', 'connector.example.com', 'KONTOR_PUBLIC_URL'),
    ]);
    expect(configProblems({ env: { ...DEV, KONTOR_MANAGEMENT_HOST: '0.0.0.0' } })).toEqual([refused('managementApi.host', '0.0.0.0', 'KONTOR_MANAGEMENT_HOST')]);
    expect(configProblems({ env: { ...DEV, KONTOR_PUBLIC_HOST: '::' } })).toEqual([refused('publicApi.host', '::', 'KONTOR_PUBLIC_HOST')]);
    expect(configProblems({ env: { ...DEV, KONTOR_PUBLIC_HOST: '192.168.1.5' } })).toEqual([refused('publicApi.host', '192.168.1.5', 'KONTOR_PUBLIC_HOST')]);
    expect(configProblems({ env: { ...DEV, KONTOR_PUBLIC_URL: 'http://10.0.0.7:8282' } })).toEqual([refused('publicApi.url', '10.0.0.7', 'KONTOR_PUBLIC_URL')]);
  });

  it('should refuse the TCK mode on a public listener too', () => {
    const tck = { ...DEV, KONTOR_TCK_ENABLED: 'true', KONTOR_PUBLIC_HOST: '0.0.0.0' };
    expect(configProblems({ env: tck })).toEqual([refused('publicApi.host', '0.0.0.0', 'KONTOR_PUBLIC_HOST')]);
    expect(loadConfig({ env: { ...tck, KONTOR_DEV_ALLOW_NETWORK: 'true' } }).tck.enabled).toBe(true);
  });

  it('should serve it to the network with the opt-in', () => {
    const c = loadConfig({
      env: { ...DEV, KONTOR_PUBLIC_HOST: '0.0.0.0', KONTOR_MANAGEMENT_HOST: '0.0.0.0', KONTOR_PUBLIC_URL: 'https://connector.example.com', KONTOR_DEV_ALLOW_NETWORK: 'true' },
    });
    expect(c.publicApi).toMatchObject({ host: '0.0.0.0', url: 'https://connector.example.com' });
    expect(c.identity.dev.allowNetwork).toBe(true);
  });

  it('should refuse it in production whatever the opt-in, and the opt-in without the development identity', () => {
    expect(configProblems({ env: { ...DEV, KONTOR_DEV_ALLOW_NETWORK: 'true', KONTOR_PUBLIC_HOST: '0.0.0.0', NODE_ENV: 'production' } })).toEqual([
      'identity.kind: dev identity is for tests only and is refused when NODE_ENV=production',
      'identity.dev.allowNetwork: is a development setting and is refused when NODE_ENV=production',
    ]);
    expect(configProblems({ env: { KONTOR_API_KEY: DEV.KONTOR_API_KEY, KONTOR_DEV_ALLOW_NETWORK: 'true' } })).toEqual(['identity.dev.allowNetwork: needs identity.kind dev']);
  });

  it('should take every spelling of loopback', () => {
    for (const host of ['127.0.0.1', '127.3.2.1', '::1', 'localhost', 'LOCALHOST'])
      expect(configProblems({ env: { ...DEV, KONTOR_PUBLIC_HOST: host, KONTOR_MANAGEMENT_HOST: host } }), host).toEqual([]);
    for (const url of ['http://localhost:8282', 'http://[::1]:8282', 'http://127.0.0.2:8282/x', 'https://127.0.0.1'])
      expect(configProblems({ env: { ...DEV, KONTOR_PUBLIC_URL: url } }), url).toEqual([]);
    expect(['[::1]', '::ffff:127.0.0.1', '127.255.255.254'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '128.0.0.1', 'localhost.example.com', 'example.com', '', '10.0.0.1', '::2'].some(isLoopbackHost)).toBe(false);
  });
});
