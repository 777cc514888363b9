import { isIP, type BlockList } from 'node:net';
import { Agent, type Dispatcher } from 'undici';
import { ConnectorError } from '../../../core/index.js';
import { addressList, addressRange, normalizeAddress, type AddressRange } from '../../config/address-ranges.js';
import { guardedLookup } from './guarded-lookup.js';

export interface OutboundPolicySettings {
  /** Plain http and loopback addresses allowed for loopback hosts (did.allowHttpLoopback, or the dev identity). */
  allowLoopback: boolean;
  /** Host names reached over plain http at any address: a development network's services (did.httpHosts). */
  httpHosts?: readonly string[];
  /** Addresses or CIDRs allowed although in a denied range (outbound.allowAddresses). */
  allowAddresses?: readonly string[];
  /** Further addresses or CIDRs denied, public or not (outbound.denyAddresses); wins over every allowance. */
  denyAddresses?: readonly string[];
  /** The CAs certificates are verified against: Node's roots plus tls.caFile (see trusted-cas.ts); Node's roots when absent. */
  ca?: readonly string[] | undefined;
}

/**
 * The one rule for every outbound call a peer or a client can steer (DID documents, credential services,
 * callback addresses, push and EDR refresh endpoints, webhooks): http(s) only, https outside the development
 * exceptions, no credentials in the URL, and every address actually connected to outside the denied ranges.
 */
export interface OutboundPolicy {
  /** The URL, or OUTBOUND_REFUSED: scheme, credentials, plain http, an IP-literal host's address and a `localhost` name's (other names are judged when connecting). */
  checkUrl(url: string, options?: { allowHttp?: boolean }): URL;
  /** Why `address` (resolved for `hostname`) may not be connected to, or undefined when it may. */
  refusal(address: string, hostname: string): string | undefined;
  /** The dispatcher to pass to `fetch` (`init.dispatcher`): connects only to addresses this policy allows. */
  readonly dispatcher: Dispatcher;
}

export function createOutboundPolicy(s: OutboundPolicySettings): OutboundPolicy {
  const httpHosts = new Set((s.httpHosts ?? []).map((h) => h.toLowerCase()));
  const allow: BlockList = addressList(s.allowAddresses ?? []);
  const deny: BlockList = addressList(s.denyAddresses ?? []);
  const listed = (list: BlockList, ip: string) => list.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4');
  const devHost = (hostname: string) => httpHosts.has(hostname.toLowerCase());
  const decided = new Map<string, string | undefined>();
  // A pure function of the address and host name under fixed settings: decided once per pair (every call to a site asks again).
  const refusal = (address: string, hostname: string): string | undefined => {
    const key = `${address}\u0000${hostname}`;
    if (decided.has(key)) return decided.get(key);
    if (decided.size >= 1000) decided.clear();
    const why = decide(address, hostname);
    decided.set(key, why);
    return why;
  };
  const decide = (address: string, hostname: string): string | undefined => {
    const ip = normalizeAddress(address);
    if (listed(deny, ip)) return `${ip} is denied (outbound.denyAddresses)`;
    const range: AddressRange | undefined = addressRange(ip);
    if (range === undefined || listed(allow, ip) || devHost(hostname)) return undefined;
    if (range === 'loopback' && s.allowLoopback) return undefined;
    return `${ip} is a ${range} address`;
  };
  const refuse = (url: string, why: string): never => {
    throw new ConnectorError('OUTBOUND_REFUSED', { detail: `${url.split(/[?#]/)[0]}: ${why}` });
  };
  let agent: Agent | undefined; // made at the first call: a policy that never calls out holds no pool
  return {
    refusal,
    get dispatcher() {
      agent ??= new Agent({ connect: { lookup: guardedLookup({ refusal }), ...(s.ca ? { ca: [...s.ca] } : {}) } });
      return agent;
    },
    checkUrl(raw, options = {}) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return refuse('the target', 'not a URL');
      }
      const shown = `${url.protocol}//${url.host}${url.pathname}`;
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return refuse(url.protocol, 'only http(s) URLs are called');
      if (url.username || url.password) return refuse(shown, 'credentials in a URL are refused');
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      const localhost = isLocalhostName(url.hostname);
      const loopbackName = localhost || (isIP(literal) !== 0 && addressRange(literal) === 'loopback');
      const plain = options.allowHttp === true || devHost(url.hostname) || (s.allowLoopback && loopbackName);
      if (url.protocol === 'http:' && !plain) return refuse(shown, 'plain http is refused (https only)');
      // `localhost` and `*.localhost` always name loopback (RFC 6761 §6.3): judged as 127.0.0.1 now, not at connect time only.
      const why = isIP(literal) !== 0 ? refusal(literal, url.hostname) : localhost ? loopbackNameRefusal(refusal('127.0.0.1', url.hostname), url.hostname) : undefined;
      return why ? refuse(shown, why) : url;
    },
  };
}

/** `localhost`, a name under `.localhost`, either with a trailing dot: names that resolve to loopback only (RFC 6761 §6.3). */
function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

const loopbackNameRefusal = (why: string | undefined, hostname: string): string | undefined => (why === undefined ? undefined : `${hostname} names loopback (${why})`);
