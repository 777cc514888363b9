import type { Share } from './shamir.js';

/** A Shamir share as it travels (inside a sealed envelope, or revealed to the coordinator): the point and hex value. */
export interface WireShare {
  x: number;
  y: string;
}

/** What a surviving site reveals at the end of a round, per named site. */
export interface RevealedShares {
  /** Shares of the self-mask seeds of the sites that delivered. */
  self: Record<string, WireShare>;
  /** Shares of the mask keys of the sites that dropped after the keys were shared. */
  mask: Record<string, WireShare>;
}

export function encodeShare(share: Share | undefined): WireShare {
  if (!share) throw new RangeError('missing share');
  return { x: share.x, y: share.y.toString(16) };
}

export function decodeShare(w: WireShare): Share {
  if (!Number.isInteger(w.x) || w.x < 1 || typeof w.y !== 'string' || !/^[0-9a-f]+$/.test(w.y)) throw new RangeError('malformed share');
  return { x: w.x, y: BigInt(`0x${w.y}`) };
}
