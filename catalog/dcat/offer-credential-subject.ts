import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { DcatDataset, OdrlOffer } from './dcat-types.js';

const canonical = canonicalize as unknown as (value: unknown) => string | undefined;

/**
 * The Dataset extension property that carries the offer credentials (one per offer in `hasPolicy`). A full IRI:
 * it means the same under any context, and the DSP schemas (open objects) accept it.
 */
export const OFFER_CREDENTIAL_PROPERTY = 'https://w3id.org/kontor/vocab#offerCredential';

/**
 * What an offer credential attests: the dataset as the catalog shows it (descriptive terms and distributions, its
 * catalog `@id` as `dct:identifier`) with exactly one offer in `hasPolicy`. Provider and consumer both derive it
 * from the dataset and offer they hold, so comparing it (RFC 8785) with the signed subject shows any change.
 * The dataset's own `@id` is kept out of `@id` (asset ids are usually not absolute IRIs, which JSON-LD safe mode
 * refuses); other datasets' offers and the credentials themselves are not part of it.
 */
export function offerCredentialSubject(dataset: Readonly<DcatDataset>, offer: Readonly<OdrlOffer>): Record<string, unknown> {
  const { '@id': id, '@type': _type, hasPolicy: _offers, distribution, [OFFER_CREDENTIAL_PROPERTY]: _credentials, ...described } = dataset;
  return { '@type': 'Dataset', 'dct:identifier': id, ...described, distribution, hasPolicy: [offer] };
}

/** RFC 8785 canonical JSON (throws on values JSON cannot express). */
export function canonicalJson(value: unknown): string {
  const text = canonical(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

/** `sha256:<hex>` of the canonical JSON of an offer credential subject: the key the signature is stored and cached under. */
export function offerContentHash(subject: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(subject)).digest('hex')}`;
}
