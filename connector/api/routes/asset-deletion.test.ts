import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractNegotiation } from '../../negotiation/index.js';
import { newEntity } from '../../statemachine/new-entity.js';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const asset = (title: string) => ({ id: 'foo', properties: { title }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } });

/** An agreement in which this connector provides `assetId`, as the provider's negotiation keeps it. */
async function provide(id: string, assetId: string): Promise<void> {
  const negotiation = {
    ...newEntity('FINALIZED', 0),
    id: `n-${id}`,
    role: 'provider',
    providerPid: `n-${id}`,
    counterPartyId: 'did:web:consumer.example',
    counterPartyAddress: 'http://consumer.example',
    offer: {},
    assetId,
    agreementId: id,
    handledMessages: [],
    history: [],
  } as unknown as ContractNegotiation;
  await c.connector.stores.negotiations.save(negotiation);
  const assigner = c.connector.config.participantId;
  await c.connector.stores.agreements.save({ id, negotiationId: `n-${id}`, assigner, assignee: 'did:web:consumer.example', assetId, signedAt: 0, policy: {}, status: 'active' });
}

describe('deleting an asset under an agreement', () => {
  it('should refuse it on both APIs (409 counting the agreements) until they are revoked, so no other asset takes the id', async () => {
    expect((await c.api('/api/v1/assets', { method: 'POST', json: asset('Agreed') })).status).toBe(201);
    await provide('urn:uuid:ag-1', 'foo');
    for (const path of ['/api/v1/assets/foo', '/management/v3/assets/foo']) {
      const res = await c.api(path, { method: 'DELETE' });
      const body = (await res.json()) as { code: string; detail: string };
      expect({ status: res.status, code: body.code }).toEqual({ status: 409, code: 'STILL_REFERENCED' });
      expect(body.detail).toContain('1 agreement not revoked');
    }
    expect((await c.connector.stores.assets.getById('foo')).properties.title).toBe('Agreed');
    expect((await c.api('/api/v1/agreements/urn%3Auuid%3Aag-1/revoke', { method: 'POST' })).status).toBe(200);
    expect((await c.api('/api/v1/assets/foo', { method: 'DELETE' })).status).toBe(204);
  });
});
