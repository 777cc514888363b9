import { isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import { ConnectorError } from '../../../core/index.js';

/** The addresses a host name resolves to now, or undefined when it does not resolve (no answer, an error, too slow). */
export type ResolveHost = (hostname: string) => Promise<readonly string[] | undefined>;

/** How long a check waits for the local resolver: a name that takes longer counts as not resolving (judged when connecting). */
export const RESOLVE_WAIT_MS = 2_000;

/** The system resolver (getaddrinfo: /etc/hosts, then DNS), every address of the name, bounded by RESOLVE_WAIT_MS. */
export const systemResolveHost: ResolveHost = (hostname) =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), RESOLVE_WAIT_MS);
    timer.unref();
    dnsLookup(hostname, { all: true }, (error, addresses) => {
      clearTimeout(timer);
      resolve(error ? undefined : addresses.map((a) => a.address));
    });
  });

/**
 * Refuses (OUTBOUND_REFUSED) a URL whose host name resolves now to an address the policy refuses (`refusal`: loopback,
 * private, … unless outbound.allowAddresses allows it), naming that address: the early answer a client gets when it
 * names an internal service. A name that does not resolve now passes; the guarded lookup judges every connection
 * anyway (a name may resolve differently later). IP literals and `localhost` names are judged by `checkUrl`.
 */
export async function checkResolvedHost(
  policy: { refusal(address: string, hostname: string): string | undefined },
  url: URL,
  resolve: ResolveHost = systemResolveHost,
): Promise<void> {
  const hostname = url.hostname;
  if (isIP(hostname.replace(/^\[|\]$/g, '')) !== 0) return;
  const addresses = await resolve(hostname);
  for (const address of addresses ?? []) {
    const why = policy.refusal(address, hostname);
    if (why !== undefined) throw new ConnectorError('OUTBOUND_REFUSED', { detail: `${url.protocol}//${url.host}${url.pathname}: ${hostname} resolves to ${address} (${why})` });
  }
}
