import { describe, expect, it } from 'vitest';
import type { CatalogRequester } from './catalog-requester.js';
import { findVerifiedOffer } from './find-verified-offer.js';
import type { OfferVerdict } from './offer-verifier.js';

const offer = { '@id': 'o1', '@type': 'Offer', permission: [{ action: 'use' }] };
const requesterWith = (verdict: OfferVerdict) =>
  ({
    request: async () => ({ counterPartyId: 'did:web:edc', catalog: { '@type': 'Catalog', dataset: [{ '@id': 'd1', hasPolicy: [offer] }] }, offers: [verdict] }),
  }) as unknown as CatalogRequester;
const input = { counterPartyAddress: 'https://edc.example/dsp', counterPartyId: 'did:web:edc', offerId: 'o1' };
const unsigned: OfferVerdict = { offerId: 'o1', datasetId: 'd1', verified: false, reason: 'the offer comes without a credential', unsigned: true };
const forged: OfferVerdict = { offerId: 'o1', datasetId: 'd1', verified: false, reason: 'the credential does not verify: bad signature' };

describe('findVerifiedOffer', () => {
  it('should use a verified offer, with its dataset as target', async () => {
    expect(await findVerifiedOffer(requesterWith({ offerId: 'o1', datasetId: 'd1', verified: true }), input)).toEqual({ ...offer, target: 'd1' });
  });

  it('should refuse an offer without a credential, unless the provider is one whose unsigned offers are accepted', async () => {
    await expect(findVerifiedOffer(requesterWith(unsigned), input)).rejects.toMatchObject({ code: 'PEER_REJECTED', detail: expect.stringMatching(/without a credential/) });
    expect(await findVerifiedOffer(requesterWith(unsigned), { ...input, acceptUnsigned: true })).toEqual({ ...offer, target: 'd1' });
  });

  it('should refuse an offer whose credential is present but does not verify, even from such a provider', async () => {
    await expect(findVerifiedOffer(requesterWith(forged), { ...input, acceptUnsigned: true })).rejects.toMatchObject({
      code: 'PEER_REJECTED',
      detail: expect.stringMatching(/does not verify/),
    });
  });
});
