import type { LookupAddress } from 'node:dns';
import type { lookup } from 'node:dns';
import { describe, expect, it } from 'vitest';
import { guardedLookup } from './guarded-lookup.js';
import { createOutboundPolicy } from './outbound-policy.js';

/** A resolver answering fixed addresses, as a hostile DNS server would (one public, one internal). */
const answering = (...addresses: string[]) =>
  ((_host: string, _options: unknown, callback: (error: null, addresses: LookupAddress[]) => void) =>
    callback(
      null,
      addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    )) as unknown as typeof lookup;

const run = (addresses: string[], all: boolean) =>
  new Promise<{ error: unknown; result: unknown }>((resolve) => {
    guardedLookup(createOutboundPolicy({ allowLoopback: false }), answering(...addresses))('peer.example', { all }, (error, result) => resolve({ error, result }));
  });

describe('the guarded lookup (the address actually connected to)', () => {
  it('should refuse a name with any internal address, so a second answer cannot switch to it', async () => {
    const { error } = await run(['93.184.216.34', '127.0.0.1'], false);
    expect(error).toMatchObject({ code: 'OUTBOUND_REFUSED' });
    expect((await run(['169.254.169.254'], true)).error).toMatchObject({ code: 'OUTBOUND_REFUSED' });
  });

  it('should hand the checked addresses to the socket, one or all as asked', async () => {
    expect(await run(['93.184.216.34', '2606:4700::1111'], false)).toEqual({ error: null, result: '93.184.216.34' });
    expect((await run(['93.184.216.34', '2606:4700::1111'], true)).result).toHaveLength(2);
  });
});
