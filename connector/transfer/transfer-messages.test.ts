import { describe, expect, it } from 'vitest';
import { checkTransferMessage } from './transfer-message-checks.js';
import { PURPOSE_KEY, TRAINING_PLAN_KEY, transferMessages } from './transfer-messages.js';

const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const pids = { providerPid: 'urn:uuid:p-1', consumerPid: 'urn:uuid:c-1' };

describe('transfer message builders', () => {
  it("a request carries the purpose and the training plan (as JSON text) under Kontor's vocabulary, and only when given", () => {
    const plain = transferMessages.request({ consumerPid: 'urn:uuid:c-1', agreementId: 'a-1', format: 'HttpData-PULL', callbackAddress: 'https://c.test/cb' });
    expect(plain).toEqual({
      '@context': CTX,
      '@type': 'TransferRequestMessage',
      consumerPid: 'urn:uuid:c-1',
      agreementId: 'a-1',
      format: 'HttpData-PULL',
      callbackAddress: 'https://c.test/cb',
    });
    const training = transferMessages.request({
      consumerPid: 'urn:uuid:c-1',
      agreementId: 'a-1',
      format: 'FederatedTraining',
      callbackAddress: 'https://c.test/cb',
      purpose: 'urn:purpose:research',
      trainingPlan: { model: 'x', seed: 1 },
    });
    expect(training).toMatchObject({ [PURPOSE_KEY]: 'urn:purpose:research', [TRAINING_PLAN_KEY]: '{"model":"x","seed":1}' });
    expect(training).not.toHaveProperty('purpose');
    expect(training).not.toHaveProperty('trainingPlan');
  });

  it.each([
    [
      'TransferRequestMessage',
      transferMessages.request({
        consumerPid: 'urn:uuid:c-1',
        agreementId: 'a-1',
        format: 'HttpData-PUSH',
        callbackAddress: 'https://c.test/cb',
        purpose: 'p',
        trainingPlan: { a: 1 },
      }),
    ],
    [
      'TransferStartMessage',
      transferMessages.start({ ...pids, dataAddress: { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'https://p.test/d' } }),
    ],
    ['TransferSuspensionMessage', transferMessages.suspension({ ...pids, code: 'c', reason: ['r'] })],
    ['TransferCompletionMessage', transferMessages.completion(pids)],
    ['TransferTerminationMessage', transferMessages.termination({ ...pids, reason: ['r'] })],
  ] as const)('what we send as a %s passes our own inbound check of it', (type, message) => {
    expect(message['@type']).toBe(type);
    expect(checkTransferMessage(type, message)).toBe(message);
  });

  it('ack and error name both pids', () => {
    expect(transferMessages.ack({ ...pids, state: 'STARTED' })).toEqual({ '@context': CTX, '@type': 'TransferProcess', ...pids, state: 'STARTED' });
    expect(transferMessages.error({ ...pids, code: '400', reason: ['x'] })).toEqual({ '@context': CTX, '@type': 'TransferError', ...pids, code: '400', reason: ['x'] });
  });
});
