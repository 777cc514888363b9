import { describe, expect, it } from 'vitest';
import { RequestValidator } from '../../http/request-validator.js';
import { openApiDocument } from '../openapi-document.js';
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

describe('EDC transfer requests, checked as /api/v1/transfers checks them before the agreement is read', () => {
  const read: string[] = [];
  const counting = {
    getById: async (id: string) => {
      read.push(id);
      return { id, assigner: 'did:web:provider', assetId: 'asset-1' };
    },
  } as unknown as AgreementStore;
  const checked = async (body: Record<string, unknown>) =>
    refusal(
      (async () =>
        transferInput(
          new EdcNode(
            await expandBody({
              '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
              '@type': 'TransferRequest',
              contractId: 'a1',
              counterPartyAddress: 'http://provider.test/dsp',
              protocol: 'dataspace-protocol-http:2025-1',
              transferType: 'HttpData-PULL',
              ...body,
            }),
          ),
          { agreements: counting, validator: new RequestValidator(openApiDocument) },
        ))(),
    );

  it('should refuse a client-chosen @id, naming /@id: Kontor assigns transfer ids', async () => {
    expect(await checked({ '@id': 'client-chosen-id-1' })).toEqual([{ pointer: '/@id', message: expect.stringMatching(/assigned by Kontor/) }]);
  });

  it('should refuse a contractId longer than 500 characters, naming /contractId, without looking it up', async () => {
    read.length = 0;
    expect(await checked({ contractId: 'c'.repeat(1_000_000) })).toEqual([{ pointer: '/contractId', message: expect.stringMatching(/500/) }]);
    expect(read).toEqual([]);
  });

  it('should cut the agreement id in the details it names', async () => {
    const [violation] = ((await checked({ contractId: 'c'.repeat(500), counterPartyId: 'did:web:other' })) ?? []) as { message: string }[];
    expect(violation?.message.length).toBeLessThan(200);
  });

  it('should refuse a destination baseUrl with user:password@, and an authCode that is no header value, in EDC names', async () => {
    const push = { transferType: 'HttpData-PUSH' };
    expect(await checked({ ...push, dataDestination: { type: 'HttpData', baseUrl: 'https://bob:pw123456@sink.example/in' } })).toEqual([
      { pointer: '/dataDestination/baseUrl', message: expect.stringMatching(/credentials/) },
    ]);
    expect(await checked({ ...push, dataDestination: { type: 'HttpData', baseUrl: 'https://sink.example/in', authKey: 'Authorization', authCode: 'a\r\nb' } })).toEqual([
      { pointer: '/dataDestination/authCode', message: expect.stringMatching(/header value/) },
    ]);
    expect(await checked({ ...push, dataDestination: { type: 'HttpData', baseUrl: 'ftp://sink.example/in' } })).toEqual([
      { pointer: '/dataDestination/baseUrl', message: expect.any(String) },
    ]);
  });

  it('should refuse a counterPartyAddress with a query or a fragment, naming it', async () => {
    for (const counterPartyAddress of ['http://provider.test/dsp?x=1', 'http://provider.test/dsp#f']) {
      expect(await checked({ counterPartyAddress })).toEqual([{ pointer: '/counterPartyAddress', message: expect.stringMatching(/query or fragment/) }]);
    }
    expect(await checked({})).toBeUndefined();
  });
});
