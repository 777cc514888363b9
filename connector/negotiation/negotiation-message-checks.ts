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
/** A dataset id: bounded as the pids are (it becomes a stored, indexed column of the agreement). */
const dataset = { type: 'string', minLength: 1, maxLength: 500 };
/**
 * An agreement id: a URI (`scheme:rest`, DSP 2025-1: Agreements carry a URI `@id`), or a bare UUID as the Eclipse DSP
 * TCK writes it (read as `urn:uuid:`); bounded as the pids are (it is the agreement's stored key).
 */
const agreementId = {
  type: 'string',
  maxLength: 500,
  pattern: '^(?:[A-Za-z][A-Za-z0-9+.-]*:\\S+|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$',
};
const offer = {
  type: 'object',
  required: ['@id'],
  properties: {
    '@id': { type: 'string', minLength: 1 },
    '@type': { enum: ['Offer', 'odrl:Offer'] },
    target: dataset,
    permission: rules,
    prohibition: rules,
    obligation: rules,
  },
  anyOf: [{ required: ['permission'] }, { required: ['prohibition'] }],
};
/** A base URL our messages' paths are joined to: no query, no fragment (they would swallow the path; joinUrl). */
const url = { type: 'string', pattern: '^https?://[^?#]*$', maxLength: 2000 };
/** A provider's offer names its dataset (DSP 2025-1: `offer` needs `@id` and `target`). */
const providerOffer = { ...offer, required: ['@id', 'target'] };

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
    ...base('ContractOfferMessage', ['providerPid', 'offer'], { offer: providerOffer, callbackAddress: url }),
    oneOf: [
      { required: ['callbackAddress'], not: { required: ['consumerPid'] } },
      { required: ['consumerPid'], not: { required: ['callbackAddress'] } },
    ],
  },
  ContractAgreementMessage: base('ContractAgreementMessage', ['providerPid', 'consumerPid', 'agreement'], {
    agreement: {
      type: 'object',
      required: ['@id', 'target', 'assigner', 'assignee'],
      properties: { '@id': agreementId, target: dataset, assigner: { type: 'string' }, assignee: { type: 'string' }, timestamp: { type: 'string' } },
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
