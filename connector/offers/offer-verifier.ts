import {
  canonicalJson,
  fromJsonLiteral,
  OFFER_CREDENTIAL_PROPERTY,
  offerContentHash,
  offerCredentialSubject,
  type DcatCatalog,
  type DcatDataset,
  type OdrlOffer,
} from '../../catalog/index.js';
import type { Clock } from '../../core/index.js';
import { BoundedCache, checkValidityPeriod } from '../identity/index.js';
import { OFFER_CREDENTIAL_TYPE } from './offer-credential.js';

type Json = Record<string, unknown>;
const NO_CREDENTIAL = 'the offer comes without a credential';
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The verdict on one offer of a received catalog. */
export interface OfferVerdict {
  offerId: string;
  datasetId: string;
  verified: boolean;
  reason?: string;
  /** The offer came with no credential at all (as from connectors that sign none), as opposed to one that failed. */
  unsigned?: true;
}

export interface OfferVerifierDeps {
  /** The credential's Data Integrity proof (checkCredentialProof with a DID-resolving loader); the problems. */
  checkProof(credential: Json): Promise<string[]>;
  clock: Clock;
  /** Proofs remembered as good, by hash of the credential (default 10,000). */
  cacheSize?: number;
  /** How long a good proof is remembered (default 10 minutes: key removal from the DID document shows after that). */
  cacheTtlMs?: number;
}

/** The credential in the dataset that is about this offer (its subject's only offer has the offer's id). */
function credentialFor(dataset: DcatDataset, offerId: string): Json | undefined {
  return asArray(dataset[OFFER_CREDENTIAL_PROPERTY])
    .map(fromJsonLiteral)
    .filter(isObject)
    .find((c) => {
      const subject = asArray(c.credentialSubject)[0];
      const offers = isObject(subject) ? asArray(subject.hasPolicy) : [];
      return offers.length === 1 && isObject(offers[0]) && offers[0]['@id'] === offerId;
    });
}

/**
 * Consumer-side checks of offer credentials. An offer counts as verified only when its credential is present, is
 * a DataOfferCredential issued by the provider the catalog came from, attests exactly this dataset and offer
 * (RFC 8785 comparison with `offerCredentialSubject`), is in its validity period and its proof verifies. Proof
 * results are cached by the hash of the whole credential, so only a credential seen before skips the signature check.
 */
export class OfferVerifier {
  private readonly proofs: BoundedCache<string, true>;

  constructor(private readonly deps: OfferVerifierDeps) {
    this.proofs = new BoundedCache(deps.clock, deps.cacheSize ?? 10_000);
  }

  async verifyCatalog(catalog: DcatCatalog, provider: string): Promise<OfferVerdict[]> {
    const datasets = asArray(catalog.dataset).filter(isObject) as DcatDataset[];
    const wrongCatalog = catalog.participantId !== provider ? `the catalog names participant ${String(catalog.participantId)}, not ${provider}` : undefined;
    return Promise.all(
      datasets.flatMap((dataset) =>
        asArray(dataset.hasPolicy)
          .filter(isObject)
          .map(async (offer) => {
            const verdict = { offerId: String(offer['@id']), datasetId: String(dataset['@id']) };
            const reason = wrongCatalog ?? (await this.problem(dataset, offer as unknown as OdrlOffer, provider));
            if (reason === undefined) return { ...verdict, verified: true };
            return reason === NO_CREDENTIAL ? { ...verdict, verified: false, reason, unsigned: true as const } : { ...verdict, verified: false, reason };
          }),
      ),
    );
  }

  /** Why this offer of this dataset must not be used; undefined when it verifies. */
  async problem(dataset: DcatDataset, offer: OdrlOffer, provider: string): Promise<string | undefined> {
    const credential = credentialFor(dataset, offer['@id']);
    if (!credential) return NO_CREDENTIAL;
    const issuer = isObject(credential.issuer) ? credential.issuer.id : credential.issuer;
    if (issuer !== provider) return `the credential is issued by ${String(issuer)}, not by the provider ${provider}`;
    if (!asArray(credential.type).includes(OFFER_CREDENTIAL_TYPE)) return `the credential is not a ${OFFER_CREDENTIAL_TYPE}`;
    let expected: string;
    let signed: string;
    try {
      expected = canonicalJson(offerCredentialSubject(dataset, offer));
      signed = canonicalJson(credential.credentialSubject);
    } catch {
      return 'the offer or its credential is not plain JSON';
    }
    if (expected !== signed) return 'the offer differs from what its credential attests';
    const period = checkValidityPeriod(credential, this.deps.clock.now(), 60_000);
    if (period) return `the credential is ${period}`;
    const key = offerContentHash(credential);
    if (this.proofs.get(key)) return undefined;
    const problems = await this.deps.checkProof(credential).catch((error: unknown) => [`the proof cannot be checked: ${(error as Error).message}`]);
    if (problems.length > 0) return `the credential does not verify: ${problems.join('; ')}`;
    this.proofs.set(key, true, this.deps.clock.now() + (this.deps.cacheTtlMs ?? 600_000));
    return undefined;
  }
}
