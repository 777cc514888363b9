import { describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { createOutboundPolicy } from '../http/outbound/index.js';
import { REFRESH_ENDPOINT_PROPERTY, TRAINING_ENDPOINT_TYPE } from './data-address.js';
import { checkCallbackAddress, checkTransferMessage, MAX_REASONS } from './transfer-message-checks.js';

const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
type Type = Parameters<typeof checkTransferMessage>[0];
const verdict = (f: () => unknown) => {
  try {
    const value = f();
    return typeof value === 'string' ? value : 'accepted';
  } catch (error) {
    return `${(error as ConnectorError).code}: ${(error as ConnectorError).detail}`;
  }
};
const pids = { providerPid: 'p-1', consumerPid: 'c-1' };
const address = {
  '@type': 'DataAddress',
  endpointType: 'https://w3id.org/idsa/v4.1/HTTP',
  endpoint: 'https://c.test/in',
  endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 't' }],
};
const request = { '@context': CTX, '@type': 'TransferRequestMessage', consumerPid: 'c-1', agreementId: 'a-1', format: 'HttpData-PULL', callbackAddress: 'https://c.test/cb' };

const CASES: [string, Type, unknown, RegExp][] = [
  ['a pull request', 'TransferRequestMessage', request, /^accepted$/],
  ['a push request with its destination', 'TransferRequestMessage', { ...request, format: 'HttpData-PUSH', dataAddress: address }, /^accepted$/],
  ['a request in another vocabulary', 'TransferRequestMessage', { ...request, '@context': 'https://evil.example/ctx' }, /\/@context/],
  ['a completion whose context lacks the DSP 2025-1 one', 'TransferCompletionMessage', { '@context': [], '@type': 'TransferCompletionMessage', ...pids }, /\/@context/],
  ['a request without an agreement', 'TransferRequestMessage', { ...request, agreementId: undefined }, /agreementId/],
  ['a request without a callback address', 'TransferRequestMessage', { ...request, callbackAddress: undefined }, /callbackAddress/],
  ['a request with an empty format', 'TransferRequestMessage', { ...request, format: '' }, /\/format/],
  ['a destination without endpointType', 'TransferRequestMessage', { ...request, dataAddress: { '@type': 'DataAddress', endpoint: 'https://c' } }, /\/dataAddress/],
  ['a destination with an empty property list', 'TransferRequestMessage', { ...request, dataAddress: { ...address, endpointProperties: [] } }, /\/dataAddress\/endpointProperties/],
  [
    'a property that is no EndpointProperty',
    'TransferRequestMessage',
    { ...request, dataAddress: { ...address, endpointProperties: [{ name: 'a', value: 'b' }] } },
    /endpointProperties\/0/,
  ],
  ['a request with a field DSP does not define', 'TransferRequestMessage', { ...request, foo: 1 }, /\/foo is not allowed here/],
  ['a request naming a providerPid', 'TransferRequestMessage', { ...request, providerPid: 'p-1' }, /\/providerPid is not allowed here/],
  ['a request with JSON-LD keywords', 'TransferRequestMessage', { ...request, '@id': 'urn:x' }, /^accepted$/],
  [
    'a suspension with a field DSP does not define',
    'TransferSuspensionMessage',
    { '@context': CTX, '@type': 'TransferSuspensionMessage', ...pids, foo: 1 },
    /\/foo is not allowed here/,
  ],
  [
    'a completion with a field DSP does not define',
    'TransferCompletionMessage',
    { '@context': CTX, '@type': 'TransferCompletionMessage', ...pids, bar: 'x' },
    /\/bar is not allowed here/,
  ],
  [
    'a destination with an unknown endpointType',
    'TransferRequestMessage',
    { ...request, dataAddress: { ...address, endpointType: 'urn:x:S3' } },
    /\/dataAddress\/endpointType must be one of/,
  ],
  [
    'a destination of the training type',
    'TransferRequestMessage',
    { ...request, dataAddress: { ...address, endpointType: TRAINING_ENDPOINT_TYPE } },
    /\/dataAddress\/endpointType must be one of/,
  ],
  ['a destination with an extra key', 'TransferRequestMessage', { ...request, dataAddress: { ...address, region: 'eu' } }, /\/dataAddress\/region is not allowed here/],
  [
    'a destination with an unknown property name',
    'TransferRequestMessage',
    { ...request, dataAddress: { ...address, endpointProperties: [{ '@type': 'EndpointProperty', name: 'x-proxy', value: 'v' }] } },
    /\/dataAddress\/endpointProperties\/0\/name must be one of authorization, authType/,
  ],
  [
    'a start with the training endpoint type',
    'TransferStartMessage',
    { '@context': CTX, '@type': 'TransferStartMessage', ...pids, dataAddress: { ...address, endpointType: TRAINING_ENDPOINT_TYPE } },
    /^accepted$/,
  ],
  [
    'a start with a refresh endpoint',
    'TransferStartMessage',
    {
      '@context': CTX,
      '@type': 'TransferStartMessage',
      ...pids,
      dataAddress: { ...address, endpointProperties: [{ '@type': 'EndpointProperty', name: REFRESH_ENDPOINT_PROPERTY, value: 'https://p/r' }] },
    },
    /^accepted$/,
  ],
  [
    'a start with an unknown endpointType',
    'TransferStartMessage',
    { '@context': CTX, '@type': 'TransferStartMessage', ...pids, dataAddress: { ...address, endpointType: 'urn:x' } },
    /\/dataAddress\/endpointType/,
  ],
  [
    'a start whose property has an extra key',
    'TransferStartMessage',
    {
      '@context': CTX,
      '@type': 'TransferStartMessage',
      ...pids,
      dataAddress: { ...address, endpointProperties: [{ '@type': 'EndpointProperty', name: 'authType', value: 'b', x: 1 }] },
    },
    /\/dataAddress\/endpointProperties\/0\/x is not allowed here/,
  ],
  [
    'a termination with more reasons than kept',
    'TransferTerminationMessage',
    { '@context': CTX, '@type': 'TransferTerminationMessage', ...pids, reason: Array.from({ length: MAX_REASONS + 1 }, () => 'r') },
    /\/reason/,
  ],
  [
    'a push destination whose authorization carries a CR/LF (it would become a header)',
    'TransferRequestMessage',
    {
      ...request,
      format: 'HttpData-PUSH',
      dataAddress: { ...address, endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 'bad\r\nX-Injected: 1' }] },
    },
    /\/dataAddress\/endpointProperties\/0\/value \(authorization\) must be a string of at most 4096 printable characters/,
  ],
  [
    'a push destination whose authType carries a line feed',
    'TransferRequestMessage',
    {
      ...request,
      format: 'HttpData-PUSH',
      dataAddress: {
        ...address,
        endpointProperties: [
          { '@type': 'EndpointProperty', name: 'authorization', value: 't' },
          { '@type': 'EndpointProperty', name: 'authType', value: 'basic\nx' },
        ],
      },
    },
    /\/dataAddress\/endpointProperties\/1\/value \(authType\)/,
  ],
  [
    'a push destination whose authorization is longer than a header value may be',
    'TransferRequestMessage',
    { ...request, format: 'HttpData-PUSH', dataAddress: { ...address, endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 'a'.repeat(4097) }] } },
    /\/dataAddress\/endpointProperties\/0\/value \(authorization\)/,
  ],
  [
    'a push destination with a tabbed, spaced token',
    'TransferRequestMessage',
    { ...request, format: 'HttpData-PUSH', dataAddress: { ...address, endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 'a b\tc' }] } },
    /^accepted$/,
  ],
  [
    'a start whose token carries a CR/LF (the consumer would send it as a header)',
    'TransferStartMessage',
    {
      '@context': CTX,
      '@type': 'TransferStartMessage',
      ...pids,
      dataAddress: { ...address, endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 't\r\n' }] },
    },
    /\/dataAddress\/endpointProperties\/0\/value \(authorization\)/,
  ],
  [
    'a push destination naming authorization twice (only the first would be read)',
    'TransferRequestMessage',
    {
      ...request,
      format: 'HttpData-PUSH',
      dataAddress: {
        ...address,
        endpointProperties: [
          { '@type': 'EndpointProperty', name: 'authorization', value: 'FIRST' },
          { '@type': 'EndpointProperty', name: 'authorization', value: 'SECOND' },
        ],
      },
    },
    /\/dataAddress\/endpointProperties\/1\/name repeats 'authorization' \(already property 0\)/,
  ],
  [
    'a start naming authType twice',
    'TransferStartMessage',
    {
      '@context': CTX,
      '@type': 'TransferStartMessage',
      ...pids,
      dataAddress: {
        ...address,
        endpointProperties: [
          { '@type': 'EndpointProperty', name: 'authType', value: 'bearer' },
          { '@type': 'EndpointProperty', name: 'authorization', value: 't' },
          { '@type': 'EndpointProperty', name: 'authType', value: 'raw' },
        ],
      },
    },
    /\/dataAddress\/endpointProperties\/2\/name repeats 'authType' \(already property 0\)/,
  ],
  ['a start with a data address', 'TransferStartMessage', { '@context': CTX, '@type': 'TransferStartMessage', ...pids, dataAddress: address }, /^accepted$/],
  ['a start without the providerPid', 'TransferStartMessage', { '@context': CTX, '@type': 'TransferStartMessage', consumerPid: 'c-1' }, /providerPid/],
  ['a suspension with code and reasons', 'TransferSuspensionMessage', { '@context': CTX, '@type': 'TransferSuspensionMessage', ...pids, code: 'x', reason: ['y'] }, /^accepted$/],
  ['a suspension with a reason that is no list', 'TransferSuspensionMessage', { '@context': CTX, '@type': 'TransferSuspensionMessage', ...pids, reason: 'y' }, /\/reason/],
  ['a completion', 'TransferCompletionMessage', { '@context': CTX, '@type': 'TransferCompletionMessage', ...pids }, /^accepted$/],
  ['a completion typed as a termination', 'TransferCompletionMessage', { '@context': CTX, '@type': 'TransferTerminationMessage', ...pids }, /\/@type/],
  ['a termination with an empty pid', 'TransferTerminationMessage', { '@context': CTX, '@type': 'TransferTerminationMessage', ...pids, consumerPid: '' }, /\/consumerPid/],
];

describe('checkTransferMessage', () => {
  it.each(CASES)('%s', (_case, type, body, expected) => {
    const result = verdict(() => checkTransferMessage(type, JSON.parse(JSON.stringify(body))));
    expect(result).toMatch(expected);
    if (!/^accepted/.test(result)) expect(result).toMatch(/^VALIDATION_FAILED: invalid /);
  });
});

describe('checkCallbackAddress', () => {
  const production = createOutboundPolicy({ allowLoopback: false });
  it.each([
    ['https://consumer.example/api/dsp//', 'https://consumer.example/api/dsp'],
    ['http://consumer.example/cb', /^OUTBOUND_REFUSED: .*plain http is refused/],
    ['not a url', /^VALIDATION_FAILED: callbackAddress 'not a url' is not a URL/],
    ['ftp://consumer.example/cb', /^VALIDATION_FAILED: callbackAddress must be an http\(s\) URL/],
    ['http://127.0.0.1:8080/cb', /^OUTBOUND_REFUSED: /],
    ['https://169.254.169.254/latest', /^OUTBOUND_REFUSED: /],
    ['https://consumer.example/cb?tenant=a', /^VALIDATION_FAILED: callbackAddress must be a base URL without a query or fragment/],
    ['https://consumer.example/cb#f', /^VALIDATION_FAILED: callbackAddress must be a base URL without a query or fragment/],
    ['https://consumer.example/cb?', /^VALIDATION_FAILED: callbackAddress must be a base URL without a query or fragment/],
  ] as const)('%s → %s', (address, expected) => {
    const result = verdict(() => checkCallbackAddress(address, production));
    if (typeof expected === 'string') expect(result).toBe(expected);
    else expect(result).toMatch(expected);
  });
});
