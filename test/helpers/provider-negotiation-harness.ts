import { createServer, type Server } from 'node:http';
import { createOutboundPolicy } from '../../connector/http/outbound/index.js';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Clock, Logger } from '../../core/index.js';
import { createPolicyEngine, type ParticipantAgent } from '../../policy/index.js';
import type { AgreementDecisionRecord } from '../../connector/negotiation/agreement-gate.js';
import type { ContractNegotiation } from '../../connector/negotiation/contract-negotiation.js';
import type { NegotiationDeps } from '../../connector/negotiation/negotiation-deps.js';
import { createNegotiationLoop } from '../../connector/negotiation/negotiation-manager.js';
import { negotiationService } from '../../connector/negotiation/negotiation-service.js';
import type { OfferResolver, ResolvedOffer } from '../../connector/negotiation/offer-resolver.js';
import { consumerNegotiationProtocol } from '../../connector/negotiation/consumer-negotiation-protocol.js';
import { providerNegotiationProtocol } from '../../connector/negotiation/provider-negotiation-protocol.js';
import { unsignedAgreements } from '../../connector/negotiation/agreement/agreement-signer.js';
import { migrate } from '../../connector/store/migrate.js';
import { storesOn, type Stores } from '../../connector/store/sql/create-stores.js';
import { testStoreConfig, type Backend } from './test-database.js';

export const PROVIDER = 'did:web:provider.test';
export const CONSUMER = 'did:web:consumer.test';
export const GOOD_BPN = 'BPNL000000000001';
/** The consumer as the identity layer verified it: with the business partner number the contract policy asks for, or without. */
export const allowedAgent: ParticipantAgent = { id: CONSUMER, claims: { credentialTypes: ['MembershipCredential'], businessPartnerNumber: GOOD_BPN } };
export const deniedAgent: ParticipantAgent = { id: CONSUMER, claims: { credentialTypes: ['MembershipCredential'], businessPartnerNumber: 'BPNL000000000009' } };

export const CONTRACT_POLICY = {
  '@type': 'Set',
  permission: [{ action: 'use', constraint: [{ leftOperand: 'kontor:businessPartnerNumber', operator: 'eq', rightOperand: GOOD_BPN }] }],
};
export const TIGHTENED_POLICY = {
  '@type': 'Set',
  permission: [{ action: 'use', constraint: [{ leftOperand: 'kontor:businessPartnerNumber', operator: 'eq', rightOperand: 'BPNL000000000002' }] }],
};
export const CATALOG_RULES = { permission: [{ action: 'use' }] };
export const OTHER_RULES = { permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'anything' }] }] };
export const offerFor = (id: string, target: string, rules: Record<string, unknown>) => ({ '@id': id, '@type': 'Offer', target, assigner: PROVIDER, ...rules });

const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child: () => quiet } as unknown as Logger;

/** The provider side of negotiations in one process, on a real store, with a loopback consumer callback that accepts every message. */
export interface ProviderHarness {
  stores: Stores;
  deps: NegotiationDeps;
  protocol: ReturnType<typeof providerNegotiationProtocol>;
  /** The consumer-side handlers on the same deps (we are then the consumer of `counterPartyId`). */
  consumerProtocol: ReturnType<typeof consumerNegotiationProtocol>;
  service: ReturnType<typeof negotiationService>;
  tick(): Promise<void>;
  /** The contract definition's approval mode and contract policy, changeable between steps. */
  setup: { approval: 'auto' | 'manual'; contractPolicy: Record<string, unknown> };
  decisions: AgreementDecisionRecord[];
  /** Messages the provider sent to the consumer's callback, by path tail. */
  sent: string[];
  callback: string;
  close(): Promise<void>;
}

export async function providerHarness(backend: Backend, overrides: Partial<NegotiationDeps> = {}): Promise<ProviderHarness> {
  const location = testStoreConfig(backend);
  const database = await location.open();
  let now = Date.parse('2026-06-01T00:00:00Z');
  const clock: Clock = { now: () => (now += 1), isoNow: () => new Date(now).toISOString() };
  await migrate(database, { clock, logger: quiet });
  const stores = storesOn(database, clock);
  const sent: string[] = [];
  const server: Server = createServer((req, res) => {
    sent.push(String(req.url).split('/').pop() ?? '');
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const callback = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cb`;
  const setup: ProviderHarness['setup'] = { approval: 'auto', contractPolicy: CONTRACT_POLICY };
  const catalog: Record<string, { assetId: string; definitionId: string }> = {
    'offer-1': { assetId: 'a1', definitionId: 'cd1' },
    'offer-2': { assetId: 'a2', definitionId: 'cd2' },
  };
  const offers: OfferResolver = {
    resolve: async (id): Promise<ResolvedOffer | undefined> => {
      const entry = catalog[id];
      if (!entry) return undefined;
      return {
        offerId: id,
        assetId: entry.assetId,
        contractDefinitionId: entry.definitionId,
        approval: setup.approval,
        offer: offerFor(id, entry.assetId, CATALOG_RULES),
        contractPolicy: setup.contractPolicy,
      };
    },
  };
  const decisions: AgreementDecisionRecord[] = [];
  let loop: ReturnType<typeof createNegotiationLoop> | undefined;
  const deps: NegotiationDeps = {
    store: stores.negotiations,
    agreements: stores.agreements,
    offers,
    engine: createPolicyEngine(),
    signer: unsignedAgreements,
    clock,
    logger: quiet,
    ids: { next: () => randomUUID() },
    dspBaseUrl: 'http://127.0.0.1:1/api/dsp',
    outbound: createOutboundPolicy({ allowLoopback: true }),
    wake: () => undefined,
    auth: { participantId: PROVIDER, tokenFor: async () => 'test', authenticate: async () => allowedAgent } as unknown as NegotiationDeps['auth'],
    onDecision: (d) => decisions.push(d),
    recordAudit: (entry) => stores.changeRecorder(() => undefined).record({ audit: entry }),
    ...overrides,
  };
  loop = createNegotiationLoop(deps, { owner: 'harness', retry: { limit: 1, baseMs: 1, capMs: 1 } });
  return {
    stores,
    deps,
    protocol: providerNegotiationProtocol(deps),
    consumerProtocol: consumerNegotiationProtocol(deps),
    service: negotiationService(deps),
    setup,
    decisions,
    sent,
    callback,
    tick: async () => void (await loop?.drain(20)),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      await location.cleanup();
    },
  };
}

/** DSP messages as a consumer sends them. */
export const consumerMessages = {
  request: (consumerPid: string, offer: Record<string, unknown>, callbackAddress?: string, providerPid?: string) => ({
    '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
    '@type': 'ContractRequestMessage',
    consumerPid,
    offer,
    ...(callbackAddress ? { callbackAddress } : {}),
    ...(providerPid ? { providerPid } : {}),
  }),
  accepted: (n: ContractNegotiation) => ({
    '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
    '@type': 'ContractNegotiationEventMessage',
    providerPid: n.id,
    consumerPid: n.consumerPid,
    eventType: 'ACCEPTED',
  }),
  verification: (n: ContractNegotiation) => ({
    '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
    '@type': 'ContractAgreementVerificationMessage',
    providerPid: n.id,
    consumerPid: n.consumerPid,
  }),
  termination: (n: ContractNegotiation) => ({
    '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
    '@type': 'ContractNegotiationTerminationMessage',
    providerPid: n.id,
    consumerPid: n.consumerPid,
    code: 'x',
    reason: ['bye'],
  }),
};
