import express from 'express';
import request from 'supertest';
import { afterEach, expect, it } from 'vitest';
import { CONSUMER, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { describeWithDspSchemas } from '../../test/helpers/dsp-schema-location.js';
import { validateDsp } from '../../test/helpers/dsp-schemas.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { AGREEMENT_REVOKED_CODE, revokedAgreementDetail } from '../transfer/agreement-revocation-signal.js';
import type { TransferDeps } from '../transfer/transfer-deps.js';
import { transferPolicy, type TransferUseLedger } from '../transfer/index.js';
import { transferDspRouter } from './transfer-routes.js';

const AGREEMENT = 'urn:uuid:agreement-1';
let unit: TransferUnit;
afterEach(async () => unit.close());

describeWithDspSchemas("the provider's refusal of a transfer under a revoked agreement", () => {
  it(`is a 403 TransferError with the code ${AGREEMENT_REVOKED_CODE}, valid against the DSP 2025-1 schema`, async () => {
    unit = await transferUnit({ self: PROVIDER });
    const now = unit.clock.now();
    await unit.stores.agreements.save({
      id: AGREEMENT,
      negotiationId: 'n1',
      assigner: PROVIDER,
      assignee: CONSUMER,
      assetId: 'asset-1',
      policy: {},
      signedAt: now,
      status: 'active',
    });
    await unit.stores.agreements.revoke(AGREEMENT, now);
    const { engine, clock, logger } = unit.deps;
    unit.deps.policy = transferPolicy({ agreements: unit.stores.agreements, engine, clock, logger, participantId: PROVIDER, uses: {} as TransferUseLedger });
    unit.deps.auth = { ...unit.deps.auth, authenticate: async () => ({ id: CONSUMER, claims: { credentialTypes: [] } }) } as TransferDeps['auth'];
    const server = express().use('/dsp', transferDspRouter(unit.deps, 10_000));
    const res = await request(server)
      .post('/dsp/transfers/request')
      .set('authorization', 'Bearer peer')
      .send({
        '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
        '@type': 'TransferRequestMessage',
        consumerPid: 'urn:uuid:c-1',
        agreementId: AGREEMENT,
        format: 'HttpData-PULL',
        callbackAddress: unit.peer.url,
      });
    expect([res.status, res.body]).toMatchObject([
      403,
      { '@type': 'TransferError', code: AGREEMENT_REVOKED_CODE, consumerPid: 'urn:uuid:c-1', reason: [revokedAgreementDetail(AGREEMENT)] },
    ]);
    expect(validateDsp('2025-1', 'TransferError', res.body)).toEqual({ valid: true, errors: [] });
    expect((await unit.stores.transfers.list({ offset: 0, limit: 10 })).total).toBe(0);
  });
});
