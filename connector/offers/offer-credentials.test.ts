import { beforeAll, describe, expect, it } from 'vitest';
import { dataService, fromJsonLiteral, OFFER_CREDENTIAL_PROPERTY, pullFormat, toDcatCatalog, toDcatDataset, type DcatDataset } from '../../catalog/index.js';
import { FixedClock, randomIds, silentLogger } from '../../core/index.js';
import { buildDidDocument, checkCredentialProof, DevDataSpace, issueCredential, projectContexts } from '../identity/index.js';
import { OfferAttestor } from './offer-attestor.js';
import type { OfferCredentialStore, StoredOfferCredential } from './offer-credential-store.js';
import { OfferVerifier } from './offer-verifier.js';
import { verifyWithVcAlone } from '../../test/helpers/verify-with-vc-alone.js';

class MemoryOfferCredentials implements OfferCredentialStore {
  readonly rows = new Map<string, StoredOfferCredential>();
  async findMany(keys: readonly { offerId: string; contentHash: string }[]) {
    return keys.flatMap((k) => this.rows.get(`${k.offerId} ${k.contentHash}`) ?? []);
  }
  async save(r: StoredOfferCredential) {
    if (!this.rows.has(`${r.offerId} ${r.contentHash}`)) this.rows.set(`${r.offerId} ${r.contentHash}`, r);
  }
}

const clock = new FixedClock();
const space = new DevDataSpace(clock);
const provider = space.addParticipant('127.0.0.1:8383');
const other = space.addParticipant('127.0.0.1:8484');
const policy = {
  '@type': 'Set',
  permission: [
    {
      action: 'use',
      constraint: [
        { leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' },
        { leftOperand: 'count', operator: 'lteq', rightOperand: 5 },
      ],
    },
  ],
  prohibition: [{ action: 'distribute' }],
};
const publisher = { participantId: provider.did, service: dataService(`${provider.did}#dsp`, 'http://127.0.0.1:8383/api/dsp'), formatsFor: pullFormat };
function dataset(title = 'Penguins'): DcatDataset {
  const asset = { id: 'penguins', properties: { title, keywords: ['birds'] }, dataAddress: { type: 'HttpData' } };
  const sources = ['cd-1', 'cd-2'].map((id) => ({ definition: { id, accessPolicyId: 'p', contractPolicyId: 'p', assetsSelector: [] }, contractPolicy: { id: 'p', policy } }));
  return toDcatDataset(asset as never, sources as never, publisher).dataset as DcatDataset;
}
const attestorFor = (store: OfferCredentialStore, signs: { n: number }, signer = provider) =>
  new OfferAttestor({
    store,
    issuerDid: signer.did,
    clock,
    ids: randomIds,
    logger: silentLogger,
    sign: async (unsigned) => {
      signs.n++;
      return issueCredential(unsigned, { issuer: signer.identity, documentLoader: space.documentLoader, clock });
    },
  });
const verifier = new OfferVerifier({ checkProof: (c) => checkCredentialProof(c, space.documentLoader, clock.now()), clock });
/** The credentials as the catalog carries them: JSON literals, unwrapped. */
const credentialsOf = (d: DcatDataset) => (d[OFFER_CREDENTIAL_PROPERTY] as unknown[]).map((c) => fromJsonLiteral(c) as Record<string, unknown>);

describe('offers as verifiable credentials', () => {
  const store = new MemoryOfferCredentials();
  const signs = { n: 0 };
  let signed: DcatDataset;
  beforeAll(async () => {
    [signed] = (await attestorFor(store, signs).attach([dataset()])) as [DcatDataset];
  });

  it('should sign each offer once per content and reuse the signature (memory, then store)', async () => {
    expect(credentialsOf(signed)).toHaveLength(2);
    expect(signs.n).toBe(2);
    await attestorFor(store, signs).attach([dataset()]);
    expect(signs.n).toBe(2);
    const changed = await attestorFor(store, signs).attach([dataset('Emperor penguins')]);
    expect(signs.n).toBe(4);
    expect(store.rows.size).toBe(4);
    expect(credentialsOf(changed[0] as DcatDataset)[0]).not.toEqual(credentialsOf(signed)[0]);
  });

  it('should verify every offer of an untouched catalog', async () => {
    const verdicts = await verifier.verifyCatalog(toDcatCatalog(`${provider.did}#catalog`, [signed], publisher), provider.did);
    expect(verdicts.map((v) => v.verified)).toEqual([true, true]);
  });

  it('should reject an offer with one byte changed, a changed credential, a foreign issuer and a missing credential', async () => {
    const offerTampered = JSON.parse(JSON.stringify(signed).replace('"lteq","rightOperand":{"@value":5}', '"lteq","rightOperand":{"@value":6}')) as DcatDataset;
    expect(await verifier.problem(offerTampered, offerTampered.hasPolicy[0]!, provider.did)).toMatch(/differs/);
    const credentialTampered = structuredClone(signed);
    const first = credentialsOf(credentialTampered)[0] as { validFrom: string };
    first.validFrom = first.validFrom.replace('2026', '2025');
    expect(await verifier.problem(credentialTampered, credentialTampered.hasPolicy[0]!, provider.did)).toMatch(/does not verify/);
    expect(await verifier.problem(signed, signed.hasPolicy[0]!, other.did)).toMatch(/not by the provider/);
    const [forged] = (await attestorFor(new MemoryOfferCredentials(), { n: 0 }, other).attach([dataset()])) as [DcatDataset];
    expect(await verifier.problem(forged, forged.hasPolicy[0]!, provider.did)).toMatch(/not by the provider/);
    const { [OFFER_CREDENTIAL_PROPERTY]: _c, ...bare } = signed;
    expect(await verifier.problem(bare as DcatDataset, signed.hasPolicy[0]!, provider.did)).toMatch(/without a credential/);
  });

  it('should verify with @digitalbazaar/vc alone given the provider DID document, and not after a one-byte change', () => {
    const [good] = credentialsOf(signed) as [Record<string, unknown>];
    const bad = JSON.parse(JSON.stringify(good).replace('"active"', '"activf"')) as unknown;
    const input = {
      didDocument: buildDidDocument({ did: provider.did, keys: provider.keys.all() }),
      servedContexts: projectContexts,
      now: clock.isoNow(),
      credentials: [good, bad],
    };
    expect(verifyWithVcAlone(JSON.parse(JSON.stringify(input)) as typeof input).map((v) => v.verified)).toEqual([true, false]);
  });
});
