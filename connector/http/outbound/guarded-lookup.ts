import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { ConnectorError } from '../../../core/index.js';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
export type LookupFunction = (hostname: string, options: LookupOptions, callback: LookupCallback) => void;

/**
 * A `lookup` for `net.connect` / `tls.connect` (and so for an undici Agent's `connect` and `http.request`): all
 * addresses of the name are resolved once, and the connection is refused when any of them is denied. The socket
 * connects to an address from this very answer, so a second DNS answer (DNS rebinding) cannot switch it.
 */
export function guardedLookup(policy: { refusal(address: string, hostname: string): string | undefined }, resolve: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '');
      const denied = addresses.map((a) => policy.refusal(a.address, hostname)).find((why) => why !== undefined);
      if (denied) return callback(Object.assign(new ConnectorError('OUTBOUND_REFUSED', { detail: `${hostname}: ${denied}` }), { code: 'OUTBOUND_REFUSED' }), '');
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      if (options.all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      return callback(null, first.address, first.family);
    });
  };
}
