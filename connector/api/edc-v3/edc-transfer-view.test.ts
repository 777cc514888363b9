import { describe, expect, it } from 'vitest';
import type { TransferProcess } from '../../transfer/index.js';
import { httpDataAddress } from '../../transfer/index.js';
import { transferToEdc } from './edc-transfer-view.js';

describe('an EDC v3 TransferProcess', () => {
  it("should show the push destination's baseUrl with each query value and a password redacted", () => {
    const t = {
      id: 'urn:uuid:t1',
      role: 'consumer',
      state: 'REQUESTED',
      stateTimestamp: 1,
      createdAt: 1,
      updatedAt: 1,
      consumerPid: 'urn:uuid:t1',
      counterPartyId: 'did:web:p',
      counterPartyAddress: 'https://p.example/api/dsp',
      agreementId: 'a1',
      assetId: 'x',
      transferType: 'HttpData-PUSH',
      dataDestination: httpDataAddress({ endpoint: 'https://alice:S3cretPassw0rd@sink.example/in?sig=topsecret' }),
      history: [],
    } as unknown as TransferProcess;
    expect(transferToEdc(t).dataDestination).toEqual({ '@type': 'DataAddress', type: 'HttpData', baseUrl: 'https://alice:<redacted>@sink.example/in?sig=<redacted>' });
  });
});
