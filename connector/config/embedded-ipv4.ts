import { isIPv6 } from 'node:net';

/**
 * How an IPv6 address carries an IPv4 address that a connection to it reaches (or may reach): `judge` the IPv4
 * address as if it were the target, or `deny` the whole range (the embedding depends on a local choice).
 */
export type Embedding = { judge: string; deprecated?: true } | { deny: true } | undefined;

/** The 16 bytes of an IPv6 address in any text form (`::`, a trailing dotted quad); undefined for anything else. */
export function ipv6Bytes(address: string): number[] | undefined {
  if (!isIPv6(address)) return undefined;
  let text = address.toLowerCase().replace(/%.*$/, '');
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const words = (part: string) => (part === '' ? [] : part.split(':').map((w) => Number.parseInt(w, 16)));
  const front = words(head);
  const back = tail === undefined ? [] : words(tail);
  const all = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  return all.flatMap((w) => [w >> 8, w & 0xff]);
}

/** The IPv4 address of an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`, `::ffff:a00:1`): the same socket address. */
export function mappedIpv4(address: string): string | undefined {
  const b = ipv6Bytes(address);
  return b && zero(b, 0, 10) && b[10] === 0xff && b[11] === 0xff ? dotted(b, 12) : undefined;
}

const dotted = (b: readonly number[], at: number) => b.slice(at, at + 4).join('.');
const zero = (b: readonly number[], from: number, to: number) => b.slice(from, to).every((x) => x === 0);
const starts = (b: readonly number[], prefix: readonly number[]) => prefix.every((x, i) => b[i] === x);

/**
 * The IPv4 address inside an IPv6 address of a range that embeds one:
 * - `::ffff:0:0/96` IPv4-mapped and `::ffff:0:0:0/96` IPv4-translated (RFC 4291, RFC 2765): the last 32 bits;
 * - `64:ff9b::/96` the well-known NAT64 prefix (RFC 6052): the last 32 bits, reached through the translator;
 * - `64:ff9b:1::/48` local-use NAT64 (RFC 8215): where the address sits depends on the local prefix length: denied;
 * - `2002::/16` 6to4 (RFC 3056): bits 16 to 47;
 * - `2001::/32` Teredo (RFC 4380): the client's address, the last 32 bits inverted;
 * - `::/96` IPv4-compatible (deprecated, RFC 4291 §2.5.5.1): the last 32 bits; `::` and `::1` are themselves, not embeddings.
 */
export function embeddedIpv4(address: string): Embedding {
  const b = ipv6Bytes(address);
  if (!b) return undefined;
  if (zero(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return { judge: dotted(b, 12) };
  if (zero(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && zero(b, 10, 12)) return { judge: dotted(b, 12) };
  if (starts(b, [0, 0x64, 0xff, 0x9b]) && zero(b, 4, 12)) return { judge: dotted(b, 12) };
  if (starts(b, [0, 0x64, 0xff, 0x9b, 0, 1])) return { deny: true };
  if (starts(b, [0x20, 0x02])) return { judge: dotted(b, 2) };
  if (starts(b, [0x20, 0x01, 0, 0]))
    return {
      judge: dotted(
        b.map((x) => x ^ 0xff),
        12,
      ),
    };
  if (zero(b, 0, 12) && !(zero(b, 12, 15) && (b[15] ?? 0) <= 1)) return { judge: dotted(b, 12), deprecated: true };
  return undefined;
}
