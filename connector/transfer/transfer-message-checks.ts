import { ConnectorError } from '../../core/index.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import { DSP_CONTEXT_SCHEMA, dspMessageChecker } from '../http/dsp-message-checker.js';

const pid = { type: 'string', minLength: 1, maxLength: 500 };
const base = (type: string, required: string[], properties: Record<string, unknown> = {}) => ({
  type: 'object',
  required: ['@context', '@type', 'providerPid', 'consumerPid', ...required].filter((k, i, all) => all.indexOf(k) === i),
  properties: { '@context': DSP_CONTEXT_SCHEMA, '@type': { const: type }, providerPid: pid, consumerPid: pid, ...properties },
});
const endpointProperty = {
  type: 'object',
  required: ['@type', 'name', 'value'],
  properties: { '@type': { const: 'EndpointProperty' }, name: { type: 'string' }, value: { type: 'string' } },
};
const dataAddress = {
  type: 'object',
  required: ['@type', 'endpointType'],
  properties: {
    '@type': { const: 'DataAddress' },
    endpointType: { type: 'string', minLength: 1 },
    endpoint: { type: 'string', maxLength: 2000 },
    endpointProperties: { type: 'array', minItems: 1, items: endpointProperty },
  },
};
const codeAndReason = { code: { type: 'string' }, reason: { type: 'array', minItems: 1 } };

/** The project's own checks of inbound transfer messages (the required fields of DSP 2025-1). */
const SCHEMAS = {
  TransferRequestMessage: {
    type: 'object',
    required: ['@context', '@type', 'consumerPid', 'agreementId', 'format', 'callbackAddress'],
    properties: {
      '@context': DSP_CONTEXT_SCHEMA,
      '@type': { const: 'TransferRequestMessage' },
      consumerPid: pid,
      agreementId: pid,
      format: { type: 'string', minLength: 1, maxLength: 200 },
      callbackAddress: { type: 'string', maxLength: 2000 },
      dataAddress,
      'https://w3id.org/kontor/vocab#purpose': { type: 'string', maxLength: 500 },
      'https://w3id.org/kontor/vocab#trainingPlan': { type: 'string', maxLength: 100_000 },
    },
  },
  TransferStartMessage: base('TransferStartMessage', [], { dataAddress }),
  TransferSuspensionMessage: base('TransferSuspensionMessage', [], codeAndReason),
  TransferCompletionMessage: base('TransferCompletionMessage', []),
  TransferTerminationMessage: base('TransferTerminationMessage', [], codeAndReason),
};

const checker = dspMessageChecker(SCHEMAS);

/** Returns the message typed as T, or throws VALIDATION_FAILED naming each bad field. */
export const checkTransferMessage = <T = Record<string, unknown>>(type: keyof typeof SCHEMAS, body: unknown): T => checker.check<T>(type, body);

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
  outbound.checkUrl(address); // OUTBOUND_REFUSED now rather than at the first call back
  return address.replace(/\/+$/, '');
}
