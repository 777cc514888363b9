import { didWebFromUrl, type IdentityRuntime } from '../identity/index.js';
import type { Logger } from '../../core/index.js';
import type { FederationConfig } from '../config/kontor-config.js';
import { directoryPeers } from './directory-peers.js';
import type { FederationPeer } from './federation-store.js';

/**
 * The peers of one crawl: the configured ones, plus (with `catalog.federation.directory`) the participants the
 * authority lists. A configured peer wins over the directory's entry for the same DID. A directory that cannot
 * be read leaves the configured peers (logged).
 */
export function federationPeers(deps: {
  config: FederationConfig;
  ownDid: string;
  runtime: IdentityRuntime | undefined;
  authorityUrl: string | undefined;
  logger: Logger;
}): () => Promise<FederationPeer[]> {
  const configured: FederationPeer[] = deps.config.peers.map((p) => ({ peerId: p.did, url: p.url, source: 'config' }));
  return async () => {
    const { runtime, authorityUrl } = deps;
    if (!deps.config.directory || !runtime || !authorityUrl) return configured;
    let listed: FederationPeer[] = [];
    try {
      listed = await directoryPeers({ runtime, authorityUrl, authorityDid: didWebFromUrl(authorityUrl), logger: deps.logger });
    } catch (error) {
      deps.logger.warn({ err: error }, 'the authority directory cannot be read; crawling configured peers only');
    }
    const known = new Set(configured.map((p) => p.peerId));
    return [...configured, ...listed.filter((p) => !known.has(p.peerId) && p.peerId !== deps.ownDid)];
  };
}
