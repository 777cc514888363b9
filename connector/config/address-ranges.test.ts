import { describe, expect, it } from 'vitest';
import { addressRange, normalizeAddress } from './address-ranges.js';
import { embeddedIpv4, ipv6Bytes } from './embedded-ipv4.js';

describe('addressRange', () => {
  // Review: IPv6 ranges that embed an IPv4 address were judged public, whatever they embedded (64:ff9b::a9fe:a9fe is
  // 169.254.169.254 through a NAT64 translator); and the benchmarking range 198.18.0.0/15 was public.
  it.each([
    // IPv4 special-purpose ranges
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.31.255.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'],
    ['100.127.255.254', 'private'],
    ['169.254.169.254', 'link-local'],
    ['192.0.0.8', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.51.100.7', 'reserved'],
    ['203.0.113.9', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.254', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    // IPv6 special-purpose ranges
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fec0::1', 'unique-local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['100::1', 'reserved'],
    // IPv4-mapped, in either text form
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:a00:5', 'private'],
    ['[::ffff:a9fe:a9fe]', 'link-local'],
    // IPv4-translated (SIIT)
    ['::ffff:0:a00:5', 'private'],
    // NAT64, well-known prefix: the embedded address decides
    ['64:ff9b::a00:5', 'private'],
    ['64:ff9b::10.0.0.5', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['64:ff9b::c612:1', 'reserved'],
    // NAT64, local-use prefix: where the IPv4 address sits is a local choice, so never public
    ['64:ff9b:1::a00:5', 'reserved'],
    ['64:ff9b:1:abcd::808:808', 'reserved'],
    // 6to4: bits 16 to 47
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['2002:a00:5::', 'private'],
    ['2002:7f00:1::1', 'loopback'],
    // Teredo: the client's address, inverted
    ['2001:0:4136:e378:8000:63bf:f5ff:fffa', 'private'], // client 10.0.0.5
    // IPv4-compatible (deprecated): never public
    ['::a00:5', 'private'],
    ['::7f00:1', 'loopback'],
    ['::10.0.0.5', 'private'],
    ['::808:808', 'reserved'],
  ])('should judge %s as %s', (address, range) => {
    expect(addressRange(address)).toBe(range);
  });

  it.each(['8.8.8.8', '93.184.216.34', '100.128.0.1', '198.20.0.1', '2606:4700::1111', '::ffff:808:808', '64:ff9b::808:808', '2002:808:808::1', '2001:4860:4860::8888'])(
    'should judge %s public',
    (address) => {
      expect(addressRange(address)).toBeUndefined();
    },
  );

  it('should give an IPv4-mapped address as its IPv4 address, in either text form', () => {
    expect(['::ffff:10.0.0.1', '::ffff:a00:1', '[::FFFF:A00:1]', '0:0:0:0:0:ffff:a00:1'].map(normalizeAddress)).toEqual(['10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.1']);
    expect(normalizeAddress('64:ff9b::a00:1')).toBe('64:ff9b::a00:1');
  });
});

describe('embeddedIpv4', () => {
  it('should read an IPv6 address in any text form', () => {
    expect(ipv6Bytes('::1')).toEqual([...new Array<number>(15).fill(0), 1]);
    expect(ipv6Bytes('64:ff9b::10.0.0.5')).toEqual(ipv6Bytes('64:ff9b:0:0:0:0:a00:5'));
    expect(ipv6Bytes('10.0.0.5')).toBeUndefined();
  });

  it('should find nothing in an address that embeds none', () => {
    for (const address of ['::', '::1', '2606:4700::1111', 'fe80::1']) expect(embeddedIpv4(address), address).toBeUndefined();
  });
});
