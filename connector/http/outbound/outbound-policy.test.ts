import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../core/index.js';
import { createOutboundPolicy } from './outbound-policy.js';

const production = createOutboundPolicy({ allowLoopback: false });
const code = (f: () => unknown) => {
  try {
    f();
    return 'allowed';
  } catch (error) {
    return error instanceof ConnectorError ? error.code : String(error);
  }
};

describe('the outbound policy', () => {
  it.each([
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '100.64.0.1',
    '169.254.169.254',
    '127.0.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
  ])('should deny %s by default', (ip) => {
    expect(production.refusal(ip, 'peer.example')).toMatch(/address/);
  });

  it('should allow public addresses', () => {
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700::1111']) expect(production.refusal(ip, 'peer.example')).toBeUndefined();
  });

  it.each([
    ['data:application/json,{}', 'OUTBOUND_REFUSED'],
    ['file:///etc/passwd', 'OUTBOUND_REFUSED'],
    ['gopher://peer.example/', 'OUTBOUND_REFUSED'],
    ['http://peer.example/dsp', 'OUTBOUND_REFUSED'],
    ['https://user:pw@peer.example/dsp', 'OUTBOUND_REFUSED'],
    ['https://:pw@peer.example/', 'OUTBOUND_REFUSED'],
    ['https://169.254.169.254/latest/meta-data', 'OUTBOUND_REFUSED'],
    ['https://[::ffff:7f00:1]/', 'OUTBOUND_REFUSED'],
    ['https://10.0.0.5/dsp', 'OUTBOUND_REFUSED'],
    ['http://127.0.0.1:8282/dsp', 'OUTBOUND_REFUSED'],
    ['not a url', 'OUTBOUND_REFUSED'],
    ['https://peer.example/dsp', 'allowed'],
  ])('should judge %s in production: %s', (url, expected) => {
    expect(code(() => production.checkUrl(url))).toBe(expected);
  });

  it('should allow loopback, over plain http too, in the development mode only', () => {
    const dev = createOutboundPolicy({ allowLoopback: true });
    for (const url of ['http://127.0.0.1:8282/dsp', 'http://localhost:8282/', 'http://[::1]:8282/']) expect(code(() => dev.checkUrl(url))).toBe('allowed');
    expect(code(() => dev.checkUrl('http://10.0.0.5/dsp'))).toBe('OUTBOUND_REFUSED');
    expect(code(() => dev.checkUrl('https://169.254.169.254/'))).toBe('OUTBOUND_REFUSED');
    expect(code(() => dev.checkUrl('http://user:pw@127.0.0.1:8282/'))).toBe('OUTBOUND_REFUSED');
  });

  it('should refuse localhost and *.localhost as loopback before connecting, unless loopback is allowed', () => {
    for (const url of ['https://localhost/hook', 'http://localhost:8080/x', 'https://LOCALHOST./', 'https://api.localhost:8443/', 'https://a.b.localhost/'])
      expect(
        code(() => production.checkUrl(url, { allowHttp: true })),
        url,
      ).toBe('OUTBOUND_REFUSED');
    expect(() => production.checkUrl('https://api.localhost/')).toThrow(/api\.localhost names loopback \(127\.0\.0\.1 is a loopback address\)/);
    for (const url of ['https://localhost.example.com/', 'https://mylocalhost/', 'https://localhost-1.example/'])
      expect(
        code(() => production.checkUrl(url)),
        url,
      ).toBe('allowed');
    const dev = createOutboundPolicy({ allowLoopback: true });
    for (const url of ['http://localhost:8282/', 'http://api.localhost:8282/'])
      expect(
        code(() => dev.checkUrl(url)),
        url,
      ).toBe('allowed');
    expect(code(() => createOutboundPolicy({ allowLoopback: false, allowAddresses: ['127.0.0.1'] }).checkUrl('https://localhost/'))).toBe('allowed');
    expect(code(() => createOutboundPolicy({ allowLoopback: true, denyAddresses: ['127.0.0.0/8'] }).checkUrl('http://localhost/'))).toBe('OUTBOUND_REFUSED');
  });

  it('should reach did.httpHosts over plain http at any address (a development network)', () => {
    const policy = createOutboundPolicy({ allowLoopback: false, httpHosts: ['provider'] });
    expect(code(() => policy.checkUrl('http://provider:8282/dsp'))).toBe('allowed');
    expect(policy.refusal('172.18.0.3', 'provider')).toBeUndefined();
    expect(policy.refusal('172.18.0.3', 'other')).toMatch(/private/);
  });

  it('should take outbound.allowAddresses and outbound.denyAddresses, deny winning', () => {
    const policy = createOutboundPolicy({ allowLoopback: false, allowAddresses: ['10.1.0.0/16', 'fd00::/8'], denyAddresses: ['10.1.2.0/24', '93.184.216.34'] });
    expect(policy.refusal('10.1.9.9', 'peer')).toBeUndefined();
    expect(policy.refusal('fd00::5', 'peer')).toBeUndefined();
    expect(policy.refusal('10.1.2.3', 'peer')).toMatch(/denied/);
    expect(policy.refusal('93.184.216.34', 'peer')).toMatch(/denied/);
    expect(policy.refusal('10.2.0.1', 'peer')).toMatch(/private/);
  });

  it('should refuse a list entry that is no address', () => {
    expect(() => createOutboundPolicy({ allowLoopback: false, allowAddresses: ['intranet'] })).toThrow(/not an IP address/);
  });
});
