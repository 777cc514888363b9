import { parseOfferId } from '../../../catalog/index.js';
import { validationError } from '../../../core/index.js';

type Json = Record<string, unknown>;

/** Where the caller's body holds the offer: the pointer of its missing target, and how to supply one, in the body's terms. */
export interface OfferTargetPlace {
  pointer: string;
  remedy: string;
}

/** `/api/v1/negotiations`: the offer is the body's `offer`, or `offerId` alone names it. */
export const V1_OFFER_TARGET: OfferTargetPlace = {
  pointer: '/offer/target',
  remedy: 'add the @id of the dataset whose hasPolicy lists the offer as offer.target, or give offerId alone',
};

/**
 * The offer a negotiation starts on, with its `target`: the dataset it is for, which the consumer later holds every
 * offer and the agreement to. An offer copied from a DSP catalog has none (the dataset that lists it is its target):
 * a Kontor offer id (`urn:kontor:offer:<definition>:<asset>:<hash>`) names the asset, which is the dataset's `@id`;
 * for any other offer without a target the caller must say which dataset it is for (400, naming `place.pointer`,
 * `/offer/target` unless the body holds the offer elsewhere). A target given is kept as it is: the provider checks it
 * against its own offer.
 */
export function offerWithTarget(offer: Json, place: OfferTargetPlace = V1_OFFER_TARGET): Json {
  if (offer.target !== undefined) return offer;
  const id = typeof offer['@id'] === 'string' ? offer['@id'] : '';
  const named = parseOfferId(id)?.assetId;
  if (named !== undefined) return { ...offer, target: named };
  throw validationError([
    {
      pointer: place.pointer,
      message: `is required: an offer as a catalog lists it has no target (the dataset that lists it is the target), and this offer's @id does not name its dataset; ${place.remedy}`,
    },
  ]);
}
