import { ConnectorError, validationError, type Violation } from '../../core/index.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import { DSP_CONTEXT_SCHEMA, dspMessageChecker } from '../http/dsp-message-checker.js';
import { headerValueProblem } from '../http/header-value.js';
import { DESTINATION_ENDPOINT_TYPES, DESTINATION_PROPERTY_NAMES, HEADER_PROPERTY_NAMES, START_ENDPOINT_TYPES, START_PROPERTY_NAMES } from './data-address.js';
import type { DspDataAddress } from './transfer-process.js';
import { PURPOSE_KEY, TRAINING_PLAN_KEY } from './transfer-messages.js';

const pid = { type: 'string', minLength: 1, maxLength: 500 };
/** JSON-LD keywords (`@context`, `@type`, `@id`, …) are allowed anywhere; any other key a message does not define is refused. */
const closed = (properties: Record<string, unknown>) => ({ properties, patternProperties: { '^@': {} }, additionalProperties: false });
const base = (type: string, properties: Record<string, unknown> = {}) => ({
  type: 'object',
  required: ['@context', '@type', 'providerPid', 'consumerPid'],
  ...closed({ '@context': DSP_CONTEXT_SCHEMA, '@type': { const: type }, providerPid: pid, consumerPid: pid, ...properties }),
});
const endpointProperty = (names: readonly string[]) => ({
  type: 'object',
  required: ['@type', 'name', 'value'],
  ...closed({ '@type': { const: 'EndpointProperty' }, name: { enum: names }, value: { type: 'string', maxLength: 10_000 } }),
});
const dataAddress = (endpointTypes: readonly string[], names: readonly string[]) => ({
  type: 'object',
  required: ['@type', 'endpointType'],
  ...closed({
    '@type': { const: 'DataAddress' },
    endpointType: { enum: endpointTypes },
    endpoint: { type: 'string', maxLength: 2000 },
    endpointProperties: { type: 'array', minItems: 1, maxItems: names.length, items: endpointProperty(names) },
  }),
});
/** A reason list is bounded in count here and each entry in length where it is stored (transfer-inbound.ts). */
export const MAX_REASONS = 20;
const codeAndReason = { code: { type: 'string', maxLength: 200 }, reason: { type: 'array', minItems: 1, maxItems: MAX_REASONS } };

/** The project's own checks of inbound transfer messages (the fields of DSP 2025-1 and Kontor's two extension keys, nothing else). */
const SCHEMAS = {
  TransferRequestMessage: {
    type: 'object',
    required: ['@context', '@type', 'consumerPid', 'agreementId', 'format', 'callbackAddress'],
    // No providerPid: the provider names its process in the answer (DSP 2025-1, TransferRequestMessage).
    ...closed({
      '@context': DSP_CONTEXT_SCHEMA,
      '@type': { const: 'TransferRequestMessage' },
      consumerPid: pid,
      agreementId: pid,
      format: { type: 'string', minLength: 1, maxLength: 200 },
      callbackAddress: { type: 'string', maxLength: 2000 },
      dataAddress: dataAddress(DESTINATION_ENDPOINT_TYPES, DESTINATION_PROPERTY_NAMES),
      [PURPOSE_KEY]: { type: 'string', maxLength: 500 },
      [TRAINING_PLAN_KEY]: { type: 'string', maxLength: 100_000 },
    }),
  },
  TransferStartMessage: base('TransferStartMessage', { dataAddress: dataAddress(START_ENDPOINT_TYPES, START_PROPERTY_NAMES) }),
  TransferSuspensionMessage: base('TransferSuspensionMessage', codeAndReason),
  TransferCompletionMessage: base('TransferCompletionMessage'),
  TransferTerminationMessage: base('TransferTerminationMessage', codeAndReason),
};

const checker = dspMessageChecker(SCHEMAS);

/**
 * Returns the message typed as T, or throws VALIDATION_FAILED naming each bad field. A DataAddress's properties that
 * become HTTP header values (HEADER_PROPERTY_NAMES: the push's or the pull's Authorization) must be valid header
 * values: one with a CR/LF would be accepted here and then fail every request made with it. A property name given twice
 * is refused, naming the repeat.
 */
export function checkTransferMessage<T = Record<string, unknown>>(type: keyof typeof SCHEMAS, body: unknown): T {
  const message = checker.check<T>(type, body);
  const found = headerProblems((message as { dataAddress?: DspDataAddress }).dataAddress);
  if (found.length > 0) throw validationError(found, `invalid ${type}: ${found.map((v) => `${v.pointer} ${v.message}`).join('; ')}`);
  return message;
}

/**
 * Each property name at most once (a repeat would be read nowhere: propertyOf takes the first), and the header-bound
 * values valid header values.
 */
function headerProblems(address: DspDataAddress | undefined): Violation[] {
  const properties = address?.endpointProperties ?? [];
  return properties.flatMap((p, i) => {
    const first = properties.findIndex((q) => q.name === p.name);
    if (first < i) return [{ pointer: `/dataAddress/endpointProperties/${i}/name`, message: `repeats '${p.name}' (already property ${first}): each property is given once` }];
    const problem = (HEADER_PROPERTY_NAMES as readonly string[]).includes(p.name) ? headerValueProblem(p.value) : undefined;
    return problem ? [{ pointer: `/dataAddress/endpointProperties/${i}/value`, message: `(${p.name}) ${problem}` }] : [];
  });
}

/**
 * The callbackAddress must be an absolute http(s) URL we can call back (DSP 2025-1, transfer process protocol,
 * TransferRequestMessage: otherwise unrecoverable), and one the outbound policy lets us call (the address a host name
 * resolves to is checked again at connect).
 */
export function checkCallbackAddress(address: string, outbound: OutboundPolicy): string {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new ConnectorError('VALIDATION_FAILED', { detail: `callbackAddress '${address.slice(0, 200)}' is not a URL` });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConnectorError('VALIDATION_FAILED', { detail: 'callbackAddress must be an http(s) URL' });
  // A base URL: the message paths are appended to it, so a query or a fragment would send them elsewhere.
  if (/[?#]/.test(address)) throw new ConnectorError('VALIDATION_FAILED', { detail: 'callbackAddress must be a base URL without a query or fragment' });
  outbound.checkUrl(address); // OUTBOUND_REFUSED now rather than at the first call back
  return address.replace(/\/+$/, '');
}
