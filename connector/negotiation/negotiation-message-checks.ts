import { DSP_CONTEXT_SCHEMA, dspMessageChecker } from '../http/dsp-message-checker.js';

const pid = { type: 'string', minLength: 1, maxLength: 500 };
const base = (type: string, required: string[], properties: Record<string, unknown> = {}) => ({
  type: 'object',
  required: ['@context', '@type', ...required],
  properties: { '@context': DSP_CONTEXT_SCHEMA, '@type': { const: type }, providerPid: pid, consumerPid: pid, ...properties },
});
/** Objects, as a list or (compacted JSON-LD, as EDC sends a single constraint) one alone. */
const objects = { anyOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] };
/** An ODRL rule as DSP 2025-1 shapes it: an object with an action; its constraints and duties objects too. */
const rule = { type: 'object', required: ['action'], properties: { action: { type: ['string', 'object'] }, constraint: objects, duty: objects } };
const rules = { type: 'array', items: rule };
const offer = {
  type: 'object',
  required: ['@id'],
  properties: {
    '@id': { type: 'string', minLength: 1 },
    '@type': { enum: ['Offer', 'odrl:Offer'] },
    target: { type: 'string' },
    permission: rules,
    prohibition: rules,
    obligation: rules,
  },
  anyOf: [{ required: ['permission'] }, { required: ['prohibition'] }],
};
const url = { type: 'string', pattern: '^https?://', maxLength: 2000 };

/** The project's own checks of inbound negotiation messages (the required fields and `oneOf` rules of DSP 2025-1). */
const SCHEMAS = {
  ContractRequestMessage: {
    ...base('ContractRequestMessage', ['consumerPid', 'offer'], { offer, callbackAddress: url }),
    oneOf: [
      { required: ['callbackAddress'], not: { required: ['providerPid'] } },
      { required: ['providerPid'], not: { required: ['callbackAddress'] } },
    ],
  },
  ContractOfferMessage: {
    ...base('ContractOfferMessage', ['providerPid', 'offer'], { offer, callbackAddress: url }),
    oneOf: [
      { required: ['callbackAddress'], not: { required: ['consumerPid'] } },
      { required: ['consumerPid'], not: { required: ['callbackAddress'] } },
    ],
  },
  ContractAgreementMessage: base('ContractAgreementMessage', ['providerPid', 'consumerPid', 'agreement'], {
    agreement: {
      type: 'object',
      required: ['@id', 'target', 'assigner', 'assignee'],
      properties: { '@id': { type: 'string' }, target: { type: 'string' }, assigner: { type: 'string' }, assignee: { type: 'string' }, timestamp: { type: 'string' } },
    },
  }),
  ContractAgreementVerificationMessage: base('ContractAgreementVerificationMessage', ['providerPid', 'consumerPid']),
  ContractNegotiationEventMessage: base('ContractNegotiationEventMessage', ['providerPid', 'consumerPid', 'eventType'], { eventType: { enum: ['ACCEPTED', 'FINALIZED'] } }),
  ContractNegotiationTerminationMessage: base('ContractNegotiationTerminationMessage', ['providerPid', 'consumerPid'], {
    code: { type: 'string' },
    reason: { type: 'array', minItems: 1 },
  }),
};

const checker = dspMessageChecker(SCHEMAS);

/** Returns the message typed as T, or throws VALIDATION_FAILED naming each bad field. */
export const checkNegotiationMessage = <T = Record<string, unknown>>(type: keyof typeof SCHEMAS, body: unknown): T => checker.check<T>(type, body);
