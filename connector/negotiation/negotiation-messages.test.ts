import { describe, expect, it } from 'vitest';
import { checkNegotiationMessage } from './negotiation-message-checks.js';
import { negotiationMessages } from './negotiation-messages.js';

const pids = { providerPid: 'urn:uuid:p-1', consumerPid: 'urn:uuid:c-1' };
const offer = { '@id': 'offer-1', '@type': 'Offer', target: 'asset-1', permission: [{ action: 'use' }] };
const agreement = { '@id': 'urn:uuid:a-1', '@type': 'Agreement', target: 'asset-1', assigner: 'did:web:p', assignee: 'did:web:c', permission: [{ action: 'use' }] };

describe('negotiation message builders', () => {
  it.each([
    ['ContractRequestMessage', negotiationMessages.request({ consumerPid: 'urn:uuid:c-1', offer, callbackAddress: 'https://c.test/cb' })],
    ['ContractRequestMessage', negotiationMessages.request({ ...pids, offer })],
    ['ContractOfferMessage', negotiationMessages.offer({ providerPid: 'urn:uuid:p-1', offer, callbackAddress: 'https://p.test/cb' })],
    ['ContractOfferMessage', negotiationMessages.offer({ ...pids, offer })],
    ['ContractAgreementMessage', negotiationMessages.agreement({ ...pids, agreement })],
    ['ContractAgreementVerificationMessage', negotiationMessages.verification(pids)],
    ['ContractNegotiationEventMessage', negotiationMessages.event({ ...pids, eventType: 'FINALIZED' })],
    ['ContractNegotiationTerminationMessage', negotiationMessages.termination({ ...pids, code: 'c', reason: ['r'] })],
  ] as const)('what we send as a %s passes our own inbound check of it', (type, message) => {
    expect(message).toMatchObject({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': type });
    expect(checkNegotiationMessage(type, message)).toBe(message);
  });

  it('ack and error name both pids', () => {
    expect(negotiationMessages.ack({ ...pids, state: 'AGREED' })).toMatchObject({ '@type': 'ContractNegotiation', ...pids, state: 'AGREED' });
    expect(negotiationMessages.error({ ...pids, code: '404', reason: ['not found'] })).toMatchObject({
      '@type': 'ContractNegotiationError',
      ...pids,
      code: '404',
      reason: ['not found'],
    });
  });
});
