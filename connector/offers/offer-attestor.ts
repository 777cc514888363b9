import { jsonLiteral, OFFER_CREDENTIAL_PROPERTY, offerContentHash, offerCredentialSubject, type DcatDataset } from '../../catalog/index.js';
import type { Clock, IdGenerator, Logger } from '../../core/index.js';
import { BoundedCache } from '../identity/index.js';
import { unsignedOfferCredential } from './offer-credential.js';
import type { OfferCredentialStore } from './offer-credential-store.js';

export interface OfferAttestorDeps {
  store: OfferCredentialStore;
  issuerDid: string;
  /** Signs an unsigned credential (issueCredential with the provider's current key). */
  sign(unsigned: Record<string, unknown>): Promise<Record<string, unknown>>;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  /** Credentials kept in memory (default 20,000); the store holds them all. */
  cacheSize?: number;
}

type Json = Record<string, unknown>;
const FOREVER = Number.MAX_SAFE_INTEGER;
const keyOf = (offerId: string, contentHash: string) => `${offerId}\n${contentHash}`;

/**
 * Puts each offer's credential next to it in the catalog (Dataset property `OFFER_CREDENTIAL_PROPERTY`, one per
 * offer, in `hasPolicy` order). A credential is signed once per offer content: when the asset, the policy or the
 * definition changes, the content hash changes and the next catalog request signs anew (lazily); otherwise it
 * comes from memory, or from the store in one query per page. Concurrent requests share one signing. An offer
 * that cannot be signed (a term no context defines) is published without a credential and logged once.
 */
export class OfferAttestor {
  private readonly memory: BoundedCache<string, Json | null>;
  private readonly inFlight = new Map<string, Promise<Json | null>>();

  constructor(private readonly deps: OfferAttestorDeps) {
    this.memory = new BoundedCache(deps.clock, deps.cacheSize ?? 20_000);
  }

  async attach(datasets: readonly DcatDataset[]): Promise<DcatDataset[]> {
    const items = datasets.map((dataset) =>
      dataset.hasPolicy.map((offer) => {
        const subject = offerCredentialSubject(dataset, offer);
        return { offerId: offer['@id'], contentHash: offerContentHash(subject), subject };
      }),
    );
    const misses = items.flat().filter((i) => this.memory.get(keyOf(i.offerId, i.contentHash)) === undefined);
    if (misses.length > 0) {
      for (const stored of await this.deps.store.findMany(misses)) this.memory.set(keyOf(stored.offerId, stored.contentHash), stored.credential, FOREVER);
    }
    const credentials = await Promise.all(items.map((offers) => Promise.all(offers.map((i) => this.credentialFor(i.offerId, i.contentHash, i.subject)))));
    return datasets.map((dataset, n) => {
      const signed = (credentials[n] ?? []).filter((c): c is Json => c !== null);
      return signed.length > 0 ? { ...dataset, [OFFER_CREDENTIAL_PROPERTY]: signed.map(jsonLiteral) } : { ...dataset };
    });
  }

  private credentialFor(offerId: string, contentHash: string, subject: Json): Promise<Json | null> {
    const key = keyOf(offerId, contentHash);
    const known = this.memory.get(key);
    if (known !== undefined) return Promise.resolve(known);
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.signAndStore(offerId, contentHash, subject).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async signAndStore(offerId: string, contentHash: string, subject: Json): Promise<Json | null> {
    const signedAt = this.deps.clock.now();
    let credential: Json | null;
    try {
      credential = await this.deps.sign(unsignedOfferCredential({ id: `urn:uuid:${this.deps.ids.next()}`, issuer: this.deps.issuerDid, issuedAt: signedAt, subject }));
    } catch (error) {
      this.deps.logger.warn({ err: error, offerId }, 'offer cannot be signed; published without a credential');
      credential = null;
    }
    if (credential) await this.deps.store.save({ offerId, contentHash, signedAt, credential });
    this.memory.set(keyOf(offerId, contentHash), credential, FOREVER);
    return credential;
  }
}
