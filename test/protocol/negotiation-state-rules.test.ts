import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConnectorError } from '../../core/index.js';
import type { ContractNegotiation } from '../../connector/negotiation/contract-negotiation.js';
import type { NegotiationState } from '../../connector/negotiation/negotiation-state.js';
import { receiveTermination } from '../../connector/negotiation/negotiation-termination.js';
import {
  allowedAgent,
  CATALOG_RULES,
  CONSUMER,
  consumerMessages as msg,
  offerFor,
  PROVIDER,
  providerHarness,
  type ProviderHarness,
} from '../helpers/provider-negotiation-harness.js';

/**
 * Every (state, inbound message) pair of the contract negotiation, per role, against the DSP 2025-1 state machine:
 * `ok` = acknowledged (200), `400` = invalid transition (ContractNegotiationError, no state change). A local `-ING`
 * state is tried twice: before our own message went out, and after (`+out`), when the peer's answer may overtake
 * the save of the state it leads to. `pending` = waiting for the operator.
 */
type Outcome = 'ok' | '400';
const X: Outcome = '400';

// prettier-ignore
const PROVIDER_TABLE: Record<string, Record<'counter-request' | 'accepted' | 'verification' | 'termination', Outcome>> = {
  //                        counter-request  accepted  verification  termination
  REQUESTED: { 'counter-request': X, accepted: X, verification: X, termination: 'ok' },
  'REQUESTED pending': { 'counter-request': X, accepted: X, verification: X, termination: 'ok' },
  OFFERING: { 'counter-request': X, accepted: X, verification: X, termination: 'ok' },
  'OFFERING +out': { 'counter-request': 'ok', accepted: 'ok', verification: X, termination: 'ok' },
  OFFERED: { 'counter-request': 'ok', accepted: 'ok', verification: X, termination: 'ok' },
  'ACCEPTED pending': { 'counter-request': X, accepted: X, verification: X, termination: 'ok' },
  AGREEING: { 'counter-request': X, accepted: X, verification: X, termination: 'ok' },
  'AGREEING +out': { 'counter-request': X, accepted: X, verification: 'ok', termination: 'ok' },
  AGREED: { 'counter-request': X, accepted: X, verification: 'ok', termination: 'ok' },
  FINALIZING: { 'counter-request': X, accepted: X, verification: X, termination: 'ok' },
  FINALIZED: { 'counter-request': X, accepted: X, verification: X, termination: X },
  TERMINATING: { 'counter-request': X, accepted: X, verification: X, termination: 'ok' },
  TERMINATED: { 'counter-request': X, accepted: X, verification: X, termination: X },
};

// prettier-ignore
const CONSUMER_TABLE: Record<string, Record<'offer' | 'agreement' | 'finalized' | 'termination', Outcome>> = {
  //                        offer   agreement  finalized  termination
  REQUESTING: { offer: X, agreement: X, finalized: X, termination: 'ok' },
  'REQUESTING +out': { offer: 'ok', agreement: 'ok', finalized: X, termination: 'ok' },
  REQUESTED: { offer: 'ok', agreement: 'ok', finalized: X, termination: 'ok' },
  'OFFERED pending': { offer: X, agreement: X, finalized: X, termination: 'ok' },
  ACCEPTING: { offer: X, agreement: X, finalized: X, termination: 'ok' },
  'ACCEPTING +out': { offer: X, agreement: 'ok', finalized: X, termination: 'ok' },
  ACCEPTED: { offer: X, agreement: 'ok', finalized: X, termination: 'ok' },
  VERIFYING: { offer: X, agreement: X, finalized: X, termination: 'ok' },
  'VERIFYING +out': { offer: X, agreement: X, finalized: 'ok', termination: 'ok' },
  VERIFIED: { offer: X, agreement: X, finalized: 'ok', termination: 'ok' },
  FINALIZED: { offer: X, agreement: X, finalized: X, termination: X },
  TERMINATING: { offer: X, agreement: X, finalized: X, termination: 'ok' },
  TERMINATED: { offer: X, agreement: X, finalized: X, termination: X },
};

const PEER = 'did:web:peer.test';
let h: ProviderHarness;
let n = 0;
beforeAll(async () => {
  h = await providerHarness('sqlite');
});
afterAll(async () => h?.close());

/** A negotiation stored as it would be in `label` (a state, optionally `pending` or `+out`). */
async function seed(role: 'provider' | 'consumer', label: string): Promise<ContractNegotiation> {
  const [state, flag] = label.split(' ') as [NegotiationState, string | undefined];
  const id = `urn:uuid:rules-${role}-${++n}`;
  const now = Date.now();
  const offer = offerFor('offer-1', 'a1', CATALOG_RULES);
  return h.stores.negotiations.save({
    id,
    role,
    state,
    stateCount: 1,
    stateTimestamp: now,
    nextAttemptAt: now + 3_600_000,
    pending: flag === 'pending',
    version: 0,
    createdAt: now,
    updatedAt: now,
    consumerPid: role === 'consumer' ? id : `${id}-c`,
    providerPid: role === 'provider' ? id : `${id}-p`,
    correlationId: role === 'provider' ? `${id}-c` : `${id}-p`,
    counterPartyId: role === 'provider' ? CONSUMER : PEER,
    counterPartyAddress: h.callback,
    offer,
    handledMessages: [],
    history: [],
    ...(role === 'provider'
      ? { assetId: 'a1', contractDefinitionId: 'cd1', catalogOfferId: 'offer-1', providerOffer: { offer, byOperator: false }, consumerAgent: allowedAgent }
      : {}),
    ...(flag === '+out' ? { messageOut: true } : {}),
  });
}

const outcome = async (action: () => Promise<unknown>): Promise<Outcome> => {
  try {
    await action();
    return 'ok';
  } catch (error) {
    if (isConnectorError(error) && error.code === 'INVALID_TRANSITION') return '400';
    throw error;
  }
};

describe('provider negotiation: every (state, message) pair', () => {
  for (const [label, row] of Object.entries(PROVIDER_TABLE)) {
    for (const [message, expected] of Object.entries(row)) {
      it(`${message} in ${label}: ${expected}`, async () => {
        const cur = await seed('provider', label);
        const p = { providerPid: cur.id, consumerPid: cur.consumerPid };
        const result = await outcome(async () => {
          if (message === 'counter-request')
            await h.protocol.counterRequest(cur, allowedAgent, { ...msg.request(cur.consumerPid, offerFor('offer-1', 'a1', CATALOG_RULES)), providerPid: cur.id });
          if (message === 'accepted') await h.protocol.accepted(cur, allowedAgent, msg.accepted(cur));
          if (message === 'verification') await h.protocol.verified(cur, msg.verification(cur));
          if (message === 'termination') await receiveTermination(h.deps, cur, { ...msg.termination(cur), ...p });
        });
        expect(result).toBe(expected);
        const after = await h.stores.negotiations.getById(cur.id);
        if (expected === '400') expect(after.version).toBe(cur.version); // an error never changes state
      });
    }
  }
});

describe('consumer negotiation: every (state, message) pair', () => {
  for (const [label, row] of Object.entries(CONSUMER_TABLE)) {
    for (const [message, expected] of Object.entries(row)) {
      it(`${message} in ${label}: ${expected}`, async () => {
        const cur = await seed('consumer', label);
        const p = { providerPid: cur.providerPid ?? '', consumerPid: cur.id };
        const ctx = ['https://w3id.org/dspace/2025/1/context.jsonld'];
        const agreement = {
          '@id': `urn:uuid:agr-${cur.id}`,
          '@type': 'Agreement',
          target: 'a1',
          assigner: PEER,
          assignee: PROVIDER,
          timestamp: '2026-06-01T00:00:00Z',
          ...CATALOG_RULES,
        };
        const result = await outcome(async () => {
          if (message === 'offer') await h.consumerProtocol.offer(cur, { '@context': ctx, '@type': 'ContractOfferMessage', ...p, offer: offerFor('offer-1', 'a1', CATALOG_RULES) });
          if (message === 'agreement') await h.consumerProtocol.agreement(cur, { '@context': ctx, '@type': 'ContractAgreementMessage', ...p, agreement });
          if (message === 'finalized') await h.consumerProtocol.finalized(cur, { '@context': ctx, '@type': 'ContractNegotiationEventMessage', ...p, eventType: 'FINALIZED' });
          if (message === 'termination')
            await receiveTermination(h.deps, cur, { '@context': ctx, '@type': 'ContractNegotiationTerminationMessage', ...p, code: 'x', reason: ['bye'] });
        });
        expect(result).toBe(expected);
        const after = await h.stores.negotiations.getById(cur.id);
        if (expected === '400') expect(after.version).toBe(cur.version);
      });
    }
  }
});
