import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId } from '../../../catalog/index.js';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';
import { offerWithTarget } from './negotiation-offer-target.js';

const KONTOR_ID = offerId({ definitionId: 'offer-penguins', assetId: 'urn:asset:penguins', policyHash: '4790f149d0194d2b' });
/** An offer exactly as a catalog's dataset lists it in hasPolicy: no target. */
const fromCatalog = (id: string) => ({
  '@id': id,
  '@type': 'Offer',
  assigner: 'did:web:provider.example',
  permission: [{ action: 'use', constraint: [{ leftOperand: 'https://w3id.org/kontor/policy/membership', operator: 'eq', rightOperand: 'active' }] }],
});

describe('offerWithTarget', () => {
  it('takes the dataset a Kontor offer id names as the target of an offer copied from the catalog', () => {
    expect(offerWithTarget(fromCatalog(KONTOR_ID))).toEqual({ ...fromCatalog(KONTOR_ID), target: 'urn:asset:penguins' });
  });

  it('keeps a target given, even when the id names another dataset (the provider checks it)', () => {
    expect(offerWithTarget({ ...fromCatalog(KONTOR_ID), target: 'other' }).target).toBe('other');
  });

  it.each([
    ['an EDC offer id', 'b2ZmZXI=:YXNzZXQ=:dXVpZA=='],
    ['a Kontor-looking id that does not parse', 'urn:kontor:offer:a:b:not-a-hash'],
  ])('refuses %s without a target, saying what to add', (_n, id) => {
    expect(() => offerWithTarget(fromCatalog(id))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', violations: [{ pointer: '/offer/target', message: expect.stringContaining('add the @id of the dataset') }] }),
    );
  });
});

describe('POST /api/v1/negotiations with an offer from a catalog', () => {
  let c: RunningConnector;
  beforeAll(async () => {
    c = await startConnector('sqlite');
  });
  afterAll(async () => c.stop());
  const start = (offer: Record<string, unknown>) =>
    c.api('/api/v1/negotiations', { method: 'POST', json: { counterPartyAddress: 'http://127.0.0.1:9/api/dsp', counterPartyId: 'did:web:provider.example', offer } });

  it('starts on a Kontor offer as the catalog lists it, for the dataset its id names', async () => {
    const res = await start(fromCatalog(KONTOR_ID));
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const n = (await (await c.api(`/api/v1/negotiations/${encodeURIComponent(id)}`)).json()) as { assetId: string; offer: { target: string } };
    expect(n).toMatchObject({ assetId: 'urn:asset:penguins', offer: { target: 'urn:asset:penguins' } });
  });

  it('answers another offer without a target with a problem that names what to add', async () => {
    const res = await start(fromCatalog('urn:uuid:0f4c1e5e-4c2e-4c0a-9b7e-2f0d9f0a6a11'));
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { pointer: string; message: string }[] };
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors).toEqual([
      { pointer: '/offer/target', message: expect.stringMatching(/add the @id of the dataset whose hasPolicy lists the offer as offer\.target, or give offerId alone/) },
    ]);
  });
});
