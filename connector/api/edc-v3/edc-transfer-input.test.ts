import { describe, expect, it } from 'vitest';
import type { RequestValidator } from '../../http/request-validator.js';
import type { AgreementStore } from '../../negotiation/index.js';
import { expandBody } from './edc-expand.js';
import { EdcNode } from './edc-node.js';
import { transferInput } from './edc-transfer-input.js';

const agreements = { getById: async () => ({ id: 'a1', assigner: 'did:web:provider', assetId: 'asset-1' }) } as unknown as AgreementStore;
const validator = { validate: (_schema: string, body: unknown) => body } as unknown as RequestValidator;
const input = async (body: Record<string, unknown>) =>
  transferInput(
    new EdcNode(
      await expandBody({
        '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
        '@type': 'TransferRequest',
        contractId: 'a1',
        counterPartyAddress: 'http://provider.test/dsp',
        protocol: 'dataspace-protocol-http:2025-1',
        ...body,
      }),
    ),
    {
      agreements,
      validator,
    },
  );
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { violations: { pointer: string; message: string }[] }) => e.violations,
  );

describe('EDC transfer requests', () => {
  it('should take a push with its HttpData destination', async () => {
    expect(await input({ transferType: 'HttpData-PUSH', dataDestination: { type: 'HttpData', baseUrl: 'https://sink.example/in' } })).toMatchObject({
      agreementId: 'a1',
      transferType: 'HttpData-PUSH',
      dataDestination: { endpoint: 'https://sink.example/in' },
    });
  });

  it('should refuse a destination on a transfer that would not use it (a pull: HttpData or HttpProxy), naming it', async () => {
    for (const dataDestination of [{ type: 'HttpData', baseUrl: 'https://sink.example/in' }, { type: 'HttpProxy' }]) {
      expect(await refusal(input({ transferType: 'HttpData-PULL', dataDestination }))).toEqual([
        { pointer: '/dataDestination', message: 'is only for HttpData-PUSH transfers: a HttpData-PULL transfer would not use it' },
      ]);
    }
    expect(await input({ transferType: 'HttpData-PULL' })).toMatchObject({ agreementId: 'a1', transferType: 'HttpData-PULL' });
  });
});
