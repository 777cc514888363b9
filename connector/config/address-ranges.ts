import { BlockList, isIP } from 'node:net';
import { embeddedIpv4, mappedIpv4 } from './embedded-ipv4.js';

/** The kinds of address a peer must not make us call unless allowed (outbound.allowAddresses). */
export type AddressRange = 'loopback' | 'private' | 'link-local' | 'unique-local' | 'multicast' | 'unspecified' | 'reserved';

const RANGES: ReadonlyArray<[AddressRange, string, number, 'ipv4' | 'ipv6']> = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['private', '100.64.0.0', 10, 'ipv4'], // shared address space (carrier-grade NAT)
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['reserved', '192.0.2.0', 24, 'ipv4'], // documentation (TEST-NET-1, -2, -3)
  ['reserved', '198.51.100.0', 24, 'ipv4'],
  ['reserved', '203.0.113.0', 24, 'ipv4'],
  ['reserved', '192.88.99.0', 24, 'ipv4'], // 6to4 relay anycast (deprecated)
  ['reserved', '198.18.0.0', 15, 'ipv4'], // benchmarking: lab networks
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'], // and the broadcast address 255.255.255.255
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['unique-local', 'fec0::', 10, 'ipv6'], // site-local (deprecated): private like unique-local
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  ['reserved', '100::', 64, 'ipv6'], // discard-only
  ['reserved', '2001:db8::', 32, 'ipv6'], // documentation
  ['reserved', '2001:10::', 28, 'ipv6'], // ORCHID, ORCHIDv2: not routable
  ['reserved', '2001:20::', 28, 'ipv6'],
];

const LISTS = new Map<AddressRange, BlockList>();
for (const [range, network, prefix, family] of RANGES) {
  const list = LISTS.get(range) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  LISTS.set(range, list);
}

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1, ::ffff:a00:1) is its IPv4 address; brackets are dropped. */
export function normalizeAddress(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '').toLowerCase();
  return mappedIpv4(bare) ?? bare;
}

/** The denied-by-default range an IP address lies in, or undefined for a public address. */
export function addressRange(address: string): AddressRange | undefined {
  if (KNOWN.has(address)) return KNOWN.get(address);
  if (KNOWN.size >= 1000) KNOWN.clear();
  const range = rangeOf(address);
  KNOWN.set(address, range);
  return range;
}

/** Ranges already looked up (a pure function of the address; every call to a peer asks again). */
const KNOWN = new Map<string, AddressRange | undefined>();

function rangeOf(address: string): AddressRange | undefined {
  const ip = normalizeAddress(address);
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  for (const [range, list] of LISTS) if (list.check(ip, family)) return range;
  if (family === 'ipv4') return undefined;
  // An address that embeds an IPv4 one (NAT64, 6to4, Teredo, IPv4-translated) reaches that address: judged as it.
  // Local-use NAT64 (where the address sits is a local choice) and the deprecated IPv4-compatible form are never public.
  const embedded = embeddedIpv4(ip);
  if (embedded === undefined) return undefined;
  if ('deny' in embedded) return 'reserved';
  return rangeOf(embedded.judge) ?? (embedded.deprecated ? 'reserved' : undefined);
}

/** A BlockList of CIDRs or single addresses ('10.1.0.0/16', '::1'); throws on an entry that is neither. */
export function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [network = '', prefix] = entry.trim().split('/');
    const ip = normalizeAddress(network);
    const version = isIP(ip);
    if (version === 0) throw new Error(`'${entry}' is not an IP address or CIDR`);
    const family = version === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(ip, family);
    else list.addSubnet(ip, Number(prefix), family);
  }
  return list;
}
