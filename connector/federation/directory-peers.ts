import { ConnectorError, type Logger } from '../../core/index.js';
import { boundedFetch, type BoundedResponse } from '../http/bounded-fetch.js';
import { DATA_SERVICE_TYPE, serviceEndpoint, type IdentityRuntime } from '../identity/index.js';
import type { FederationPeer } from './federation-store.js';

/**
 * The participants the authority lists (`GET <authority>/api/directory`, with a self-issued token addressed to
 * the authority), each with the DSP endpoint its own DID document names. Participants whose document cannot be
 * resolved or names no DataService are left out (logged); this connector itself too.
 */
export async function directoryPeers(deps: { runtime: IdentityRuntime; authorityUrl: string; authorityDid: string; logger: Logger }): Promise<FederationPeer[]> {
  const token = await deps.runtime.selfIssuedToken(deps.authorityDid);
  let res: BoundedResponse;
  try {
    res = await boundedFetch(
      `${deps.authorityUrl}/api/directory`,
      { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, redirect: 'error' },
      { timeoutMs: 10_000, maxBytes: 16 * 1024 * 1024, target: 'operator' },
    );
  } catch (error) {
    throw new ConnectorError('PEER_UNAVAILABLE', { detail: `the authority directory cannot be reached: ${(error as Error).message}`, cause: error });
  }
  if (!res.ok) throw new ConnectorError('PEER_REJECTED', { detail: `the authority directory answered ${res.status}` });
  const body = JSON.parse(res.text) as { participants?: { did?: unknown }[] };
  const dids = (body.participants ?? []).map((p) => p.did).filter((d): d is string => typeof d === 'string' && d !== deps.runtime.did);
  const peers = await Promise.all(
    dids.map(async (did): Promise<FederationPeer | undefined> => {
      const resolved = await deps.runtime.resolver.resolve(did);
      const url = resolved.ok ? serviceEndpoint(resolved.didDocument, DATA_SERVICE_TYPE) : undefined;
      if (!url) deps.logger.warn({ did, error: resolved.ok ? 'no DataService' : resolved.error }, 'directory participant has no DSP endpoint; not crawled');
      return url ? { peerId: did, url, source: 'directory' } : undefined;
    }),
  );
  return peers.filter((p): p is FederationPeer => p !== undefined);
}
