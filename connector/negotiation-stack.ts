import type { Clock, EventBus, IdGenerator, Logger } from '../core/index.js';
import type { PolicyEngine } from '../policy/index.js';
import type { KontorConfig } from './config/kontor-config.js';
import type { OutboundPolicy } from './http/outbound/index.js';
import { catalogOfferResolver, createNegotiationModule, type AgreementSigner, type NegotiationEvents, type NegotiationModule, type OfferResolver } from './negotiation/index.js';
import type { PeerAuth } from './peer/peer-auth.js';
import type { StandingCheck } from './peer/standing-check.js';
import type { Stores } from './store/sql/create-stores.js';

/** The negotiation module on the connector's stores: offers resolved from its contract definitions, its loop settings. */
export function createNegotiationStack(input: {
  config: Pick<KontorConfig, 'dsp' | 'stateMachine'>;
  stores: Stores;
  engine: PolicyEngine;
  auth: PeerAuth;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  dspBaseUrl: string;
  outbound: OutboundPolicy;
  standing: StandingCheck;
  events: EventBus<NegotiationEvents>;
  owner: string;
  signer: AgreementSigner;
  /** The TCK mode's aliases around the resolver (the identity when TCK mode is off). */
  offers: (resolver: OfferResolver) => OfferResolver;
  /** Wakes the relay: a decision's audit entry is in the outbox. */
  onDecision: () => void;
}): NegotiationModule {
  const { config, stores, engine, auth, clock, ids, logger } = input;
  const recorder = stores.changeRecorder(input.onDecision);
  return createNegotiationModule(
    {
      store: stores.negotiations,
      agreements: stores.agreements,
      engine,
      auth,
      clock,
      ids,
      logger,
      dspBaseUrl: input.dspBaseUrl,
      outbound: input.outbound,
      signer: input.signer,
      standing: input.standing,
      requireAgreementCredential: (providerId) => config.dsp.requireAgreementCredential.some((d) => d === '*' || d === providerId),
      onDecision: input.onDecision,
      recordAudit: (entry) => recorder.record({ audit: entry }),
      offers: input.offers(
        catalogOfferResolver({
          lookup: {
            findDefinition: (id) => stores.contractDefinitions.findById(id),
            findAsset: (id) => stores.assets.findById(id),
            findPolicy: (id) => stores.policies.findById(id),
          },
          engine,
          participantId: auth.participantId,
          clock,
          logger,
        }),
      ),
    },
    { owner: input.owner, ...config.stateMachine, events: input.events },
  );
}
