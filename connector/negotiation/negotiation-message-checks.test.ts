import { describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { checkNegotiationMessage } from './negotiation-message-checks.js';

const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const offer = { '@id': 'offer-1', '@type': 'Offer', target: 'asset-1', permission: [{ action: 'use' }] };
type Type = Parameters<typeof checkNegotiationMessage>[0];
const refusal = (type: Type, body: unknown) => {
  try {
    checkNegotiationMessage(type, body);
    return 'accepted';
  } catch (error) {
    const e = error as ConnectorError;
    return `${e.code}: ${e.detail}`;
  }
};

const request = { '@context': CTX, '@type': 'ContractRequestMessage', consumerPid: 'c-1', offer, callbackAddress: 'https://consumer.test/cb' };
const offerMsg = { '@context': CTX, '@type': 'ContractOfferMessage', providerPid: 'p-1', offer, callbackAddress: 'https://provider.test/cb' };
const pids = { providerPid: 'p-1', consumerPid: 'c-1' };

/** (case → message type, body, the verdict: accepted, or the field the VALIDATION_FAILED names). */
const CASES: [string, Type, unknown, RegExp][] = [
  ['an initial request with a callback', 'ContractRequestMessage', request, /^accepted$/],
  ['a counter-request with the providerPid and no callback', 'ContractRequestMessage', { ...request, callbackAddress: undefined, providerPid: 'p-1' }, /^accepted$/],
  ['a request with both callback and providerPid', 'ContractRequestMessage', { ...request, providerPid: 'p-1' }, /^VALIDATION_FAILED: invalid ContractRequestMessage: /],
  ['a request with neither', 'ContractRequestMessage', { ...request, callbackAddress: undefined }, /^VALIDATION_FAILED: /],
  ['a request without an offer', 'ContractRequestMessage', { ...request, offer: undefined }, /offer/],
  ['a request whose offer has no rules', 'ContractRequestMessage', { ...request, offer: { '@id': 'offer-1' } }, /^VALIDATION_FAILED: .*\/offer/],
  ['a request with a non-http callback', 'ContractRequestMessage', { ...request, callbackAddress: 'file:///etc/passwd' }, /\/callbackAddress/],
  ['a request with an empty consumerPid', 'ContractRequestMessage', { ...request, consumerPid: '' }, /\/consumerPid/],
  ['a request typed as another message', 'ContractRequestMessage', { ...request, '@type': 'ContractOfferMessage' }, /\/@type/],
  [
    'a request whose single constraint is not in a list (compacted JSON-LD)',
    'ContractRequestMessage',
    { ...request, offer: { ...offer, permission: [{ action: 'use', constraint: { leftOperand: 'a', operator: 'eq', rightOperand: 'b' } }] } },
    /^accepted$/,
  ],
  ['a request whose rule has no action', 'ContractRequestMessage', { ...request, offer: { ...offer, permission: [{ constraint: [] }] } }, /\/offer\/permission\/0\/action/],
  [
    'a request whose constraint is a string',
    'ContractRequestMessage',
    { ...request, offer: { ...offer, permission: [{ action: 'use', constraint: ['x'] }] } },
    /\/offer\/permission\/0\/constraint/,
  ],
  ['a message without a context', 'ContractRequestMessage', { ...request, '@context': undefined }, /@context/],
  ['a context that is another vocabulary', 'ContractRequestMessage', { ...request, '@context': 'https://example.org/x' }, /\/@context/],
  ['a context that is an empty object', 'ContractRequestMessage', { ...request, '@context': {} }, /\/@context/],
  ['a context list without the DSP 2025-1 context', 'ContractRequestMessage', { ...request, '@context': ['https://w3id.org/dspace/2024/1/context.jsonld'] }, /\/@context/],
  ['a context list with the DSP 2025-1 context among others', 'ContractRequestMessage', { ...request, '@context': ['https://w3id.org/edc/dspace/v0.0.1', ...CTX] }, /^accepted$/],
  ["a provider's initial offer", 'ContractOfferMessage', offerMsg, /^accepted$/],
  ['a counter-offer with both callback and consumerPid', 'ContractOfferMessage', { ...offerMsg, consumerPid: 'c-1' }, /^VALIDATION_FAILED: /],
  [
    'an agreement with its parties and target',
    'ContractAgreementMessage',
    { '@context': CTX, '@type': 'ContractAgreementMessage', ...pids, agreement: { '@id': 'urn:uuid:a-1', target: 'asset-1', assigner: 'p', assignee: 'c' } },
    /^accepted$/,
  ],
  [
    'an agreement whose id is a bare UUID (as the Eclipse DSP TCK writes it)',
    'ContractAgreementMessage',
    {
      '@context': CTX,
      '@type': 'ContractAgreementMessage',
      ...pids,
      agreement: { '@id': '0b0f4a52-8a7c-4d7e-9d3e-2f1c6a1b9e01', target: 'asset-1', assigner: 'p', assignee: 'c' },
    },
    /^accepted$/,
  ],
  ...['', 'a-1', 'urn:', 'urn:a 1', `urn:${'x'.repeat(500)}`].map((id): [string, Type, unknown, RegExp] => [
    `an agreement whose id is '${id.slice(0, 12)}' (${id.length} characters): not a bounded URI`,
    'ContractAgreementMessage',
    { '@context': CTX, '@type': 'ContractAgreementMessage', ...pids, agreement: { '@id': id, target: 'asset-1', assigner: 'p', assignee: 'c' } },
    /^VALIDATION_FAILED: .*\/agreement\/@id/,
  ]),
  ...['', 'd'.repeat(501)].map((target): [string, Type, unknown, RegExp] => [
    `an agreement whose target has ${target.length} characters`,
    'ContractAgreementMessage',
    { '@context': CTX, '@type': 'ContractAgreementMessage', ...pids, agreement: { '@id': 'urn:a-1', target, assigner: 'p', assignee: 'c' } },
    /^VALIDATION_FAILED: .*\/agreement\/target/,
  ]),
  ["a provider's offer without a target", 'ContractOfferMessage', { ...offerMsg, offer: { ...offer, target: undefined } }, /^VALIDATION_FAILED: .*\/offer/],
  ["a provider's offer with an empty target", 'ContractOfferMessage', { ...offerMsg, offer: { ...offer, target: '' } }, /\/offer\/target/],
  ...['https://consumer.test/cb?tenant=', 'https://consumer.test/cb#', 'https://consumer.test/cb?'].map((callbackAddress): [string, Type, unknown, RegExp] => [
    `a callback with a query or fragment (${callbackAddress})`,
    'ContractRequestMessage',
    { ...request, callbackAddress },
    /\/callbackAddress/,
  ]),
  [
    'an agreement without an assignee',
    'ContractAgreementMessage',
    { '@context': CTX, '@type': 'ContractAgreementMessage', ...pids, agreement: { '@id': 'a-1', target: 'asset-1', assigner: 'p' } },
    /assignee/,
  ],
  [
    'a verification without the consumerPid',
    'ContractAgreementVerificationMessage',
    { '@context': CTX, '@type': 'ContractAgreementVerificationMessage', providerPid: 'p-1' },
    /consumerPid/,
  ],
  ['an ACCEPTED event', 'ContractNegotiationEventMessage', { '@context': CTX, '@type': 'ContractNegotiationEventMessage', ...pids, eventType: 'ACCEPTED' }, /^accepted$/],
  [
    'an event of a state the DSP does not send',
    'ContractNegotiationEventMessage',
    { '@context': CTX, '@type': 'ContractNegotiationEventMessage', ...pids, eventType: 'AGREED' },
    /\/eventType/,
  ],
  [
    'a termination with code and reasons',
    'ContractNegotiationTerminationMessage',
    { '@context': CTX, '@type': 'ContractNegotiationTerminationMessage', ...pids, code: 'x', reason: ['y'] },
    /^accepted$/,
  ],
  [
    'a termination with an empty reason list',
    'ContractNegotiationTerminationMessage',
    { '@context': CTX, '@type': 'ContractNegotiationTerminationMessage', ...pids, reason: [] },
    /\/reason/,
  ],
  ['no object at all', 'ContractNegotiationTerminationMessage', 'terminate', /^VALIDATION_FAILED: /],
];

describe('checkNegotiationMessage', () => {
  it.each(CASES)('%s', (_case, type, body, verdict) => {
    expect(refusal(type, JSON.parse(JSON.stringify(body)))).toMatch(verdict);
  });

  it('names every bad field at once, as violations with JSON pointers', () => {
    try {
      checkNegotiationMessage('ContractAgreementVerificationMessage', { '@context': CTX, '@type': 'ContractAgreementVerificationMessage', providerPid: '', consumerPid: 7 });
      expect.unreachable();
    } catch (error) {
      const pointers = ((error as ConnectorError).violations ?? []).map((v) => (v as { pointer: string }).pointer);
      expect(pointers).toEqual(expect.arrayContaining(['/providerPid', '/consumerPid']));
    }
  });
});
