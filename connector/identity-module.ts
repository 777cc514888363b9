import type { Express } from 'express';
import type { Clock, IdGenerator, Logger } from '../core/index.js';
import type { KontorConfig } from './config/kontor-config.js';
import type { OutboundPolicy } from './http/outbound/index.js';
import { routePrefix } from './http/route-prefix.js';
import {
  AccessTokens,
  createDcpPeerAuth,
  credentialServiceRouter,
  CredentialRequester,
  identityRuntimeFromConfig,
  wellKnownRouter,
  type IdentityRuntime,
} from './identity/index.js';
import { vcAgreementSigner } from './negotiation/index.js';
import type { AgreementSigner } from './negotiation/index.js';
import { createDevPeerAuth } from './peer/dev-peer-auth.js';
import { noVerifiedIdentity } from './peer/no-verified-identity.js';
import type { PeerAuth } from './peer/peer-auth.js';
import type { Stores } from './store/sql/create-stores.js';

export interface IdentityModule {
  runtime: IdentityRuntime;
  peerAuth: PeerAuth & { verifier: { flush(): void } };
  agreementSigner: AgreementSigner;
  requester: CredentialRequester | undefined;
  /** Mounts the DID document, the contexts and the credential service on the public listener. */
  mount(app: Express): void;
  /** Requests credentials from the authority (when configured) and keeps them fresh. */
  startHolding(): Promise<void>;
  stopHolding(): void;
}

/** The DCP identity of a connector: keys, did:web document, credential service, wallet, verifier. */
export async function identityModule(deps: {
  config: KontorConfig;
  stores: Stores;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  dspBaseUrl: string;
  outbound: OutboundPolicy;
}): Promise<IdentityModule> {
  const { config, clock, ids, logger } = deps;
  // Replicas share one schema, so spent token ids live there (one acceptance in total); SQLite has one process.
  const replayCache = config.store.kind === 'postgres' ? deps.stores.replayCache : undefined;
  const runtime = await identityRuntimeFromConfig(config, { clock, ids, outbound: deps.outbound, ...(replayCache ? { replayCache } : {}) });
  const accessTokens = new AccessTokens(runtime.signer, clock, ids, config.identity.tokenTtlSeconds, { disclosedCredentialTypes: config.identity.disclosedCredentialTypes });
  const peerAuth = createDcpPeerAuth({ runtime, accessTokens, clock, logger, statusRefreshMs: config.identity.statusRefreshMs, cacheSize: config.identity.presentationCacheSize });
  const requester = config.identity.authorityUrl
    ? new CredentialRequester({ runtime, wallet: deps.stores.heldCredentials, authorityUrl: config.identity.authorityUrl, clock, logger })
    : undefined;
  const credentialService = `${config.publicApi.url}/api/credentials`;
  return {
    runtime,
    peerAuth,
    requester,
    agreementSigner: vcAgreementSigner({ runtime, clock, ids, signWith: config.dsp.agreementCredentialSuite }),
    mount(app) {
      app.use(wellKnownRouter(() => runtime.didDocument({ protocolEndpoint: deps.dspBaseUrl, credentialService })));
      app.use(
        '/api/credentials',
        routePrefix('/api/credentials'),
        credentialServiceRouter({ runtime, accessTokens, wallet: deps.stores.heldCredentials, clock, logger, scopeAliases: config.identity.scopeAliases }),
      );
    },
    startHolding: async () => requester?.start(),
    stopHolding: () => requester?.stop(),
  };
}

/** What the startup log says when the development identity runs (identity.kind=dev). */
export const DEV_IDENTITY_WARNING = 'DEVELOPMENT IDENTITY: any caller may claim any identity; refused in production';
/** …and when identity.dev.allowNetwork serves it beyond loopback. */
export const DEV_IDENTITY_NETWORK_WARNING = `${DEV_IDENTITY_WARNING}; identity.dev.allowNetwork serves it beyond loopback, to anyone who reaches this connector`;

/**
 * Protocol authentication without a DCP identity: the development identity (identity.kind=dev, refused in production
 * and announced with a warning, since it proves nothing) or, failing closed, none at all.
 */
export function peerAuthWithoutDcp(config: KontorConfig, logger: Logger): PeerAuth {
  if (config.identity.kind !== 'dev') return noVerifiedIdentity(config.participantId);
  const auth = createDevPeerAuth({ participantId: config.participantId, environment: config.runtime.environment, dev: config.identity.dev });
  const { allowNetwork } = config.identity.dev;
  logger.warn({ identityKind: 'dev', allowNetwork }, allowNetwork ? DEV_IDENTITY_NETWORK_WARNING : DEV_IDENTITY_WARNING);
  return auth;
}
