import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId } from '../../../catalog/index.js';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';

const EDC = { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' };
const KONTOR_ID = offerId({ definitionId: 'offer-penguins', assetId: 'urn:asset:penguins', policyHash: '4790f149d0194d2b' });
/** An EDC v3 ContractRequest whose policy is the offer exactly as a catalog's dataset lists it in hasPolicy: no target. */
const request = (id: string) => ({
  '@context': EDC,
  '@type': 'ContractRequest',
  counterPartyId: 'did:web:provider.example',
  counterPartyAddress: 'http://127.0.0.1:9/api/dsp',
  protocol: 'dataspace-protocol-http:2025-1',
  policy: { '@context': 'http://www.w3.org/ns/odrl.jsonld', '@id': id, '@type': 'Offer', assigner: 'did:web:provider.example', permission: [{ action: 'use' }] },
});

describe('POST /management/v3/contractnegotiations with an offer from a catalog', () => {
  let c: RunningConnector;
  beforeAll(async () => {
    c = await startConnector('sqlite');
  });
  afterAll(async () => c.stop());
  const start = (id: string) => c.api('/management/v3/contractnegotiations', { method: 'POST', json: request(id) });

  it('starts on a Kontor offer without a target, for the dataset its id names (as /api/v1/negotiations does)', async () => {
    const res = await start(KONTOR_ID);
    expect(res.status).toBe(200); // EDC's create answers 200 with an IdResponse (docs/openapi.json)
    const { '@id': id } = (await res.json()) as { '@id': string };
    const n = await c.connector.stores.negotiations.getById(id);
    expect(n.offer).toMatchObject({ '@id': KONTOR_ID, target: 'urn:asset:penguins' });
    const v1 = (await (await c.api(`/api/v1/negotiations/${encodeURIComponent(id)}`)).json()) as { assetId: string };
    expect(v1.assetId).toBe('urn:asset:penguins');
  });

  it('answers another offer without a target with the problem /api/v1/negotiations gives, pointing where a v3 body holds the offer (/policy)', async () => {
    const res = await start('urn:uuid:0f4c1e5e-4c2e-4c0a-9b7e-2f0d9f0a6a11');
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { pointer: string; message: string }[] };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([
      {
        pointer: '/policy/target',
        message: expect.stringMatching(/does not name its dataset; add the @id of the dataset whose hasPolicy lists the offer as the policy's odrl:target$/),
      },
    ]);
  });
});
