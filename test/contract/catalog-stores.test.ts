import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FederatedOffer } from '../../connector/federation/federation-store.js';
import type { Database } from '../../connector/store/database.js';
import { FederationSqlStore } from '../../connector/store/sql/federation-sql-store.js';
import { OfferCredentialSqlStore } from '../../connector/store/sql/offer-credential-sql-store.js';
import { BACKENDS, freshDatabase } from '../helpers/test-database.js';

const peer = { peerId: 'did:web:a.example', url: 'https://a.example/dsp', source: 'config' as const };
const offer = (id: string, keywords: string[], title = `T ${id}`): FederatedOffer => ({
  peerId: peer.peerId,
  offerId: `urn:kontor:offer:${id}`,
  datasetId: id,
  title,
  keywords,
  searchText: `${id} ${title} ${keywords.join(' ')}`.toLowerCase(),
  fetchedAt: 1000,
  dataset: { '@id': id, '@type': 'Dataset', hasPolicy: [], distribution: [] },
  credential: { id: `urn:uuid:${id}`, proof: { proofValue: 'z1' } },
});

for (const { backend, skip } of BACKENDS) {
  describe.skipIf(skip)(`offer credentials and the federated catalog on ${backend}`, () => {
    let database: Database;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ database, cleanup } = await freshDatabase(backend));
    });
    afterEach(async () => cleanup());

    it('should keep one credential per offer id and content hash, returning exactly the stored JSON', async () => {
      const store = new OfferCredentialSqlStore(database);
      const credential = { z: 1, a: { '@value': 5 }, proof: { proofValue: 'zabc' } };
      await store.save({ offerId: 'o1', contentHash: 'h1', signedAt: 5, credential });
      await store.save({ offerId: 'o1', contentHash: 'h1', signedAt: 6, credential: { other: true } });
      await store.save({ offerId: 'o1', contentHash: 'h2', signedAt: 7, credential: { second: true } });
      const found = await store.findMany([
        { offerId: 'o1', contentHash: 'h1' },
        { offerId: 'o2', contentHash: 'h1' },
      ]);
      expect(found).toEqual([{ offerId: 'o1', contentHash: 'h1', signedAt: 5, credential }]);
      expect(JSON.stringify(found[0]?.credential)).toBe(JSON.stringify(credential));
    });

    it("should replace a peer's offers, search them, and keep them through a failure", async () => {
      const store = new FederationSqlStore(database);
      await store.replaceOffers(peer, [offer('a', ['Birds', 'x%y']), offer('b', ['fish'])], { at: 10, rejected: 1 });
      await store.replaceOffers({ ...peer, peerId: 'did:web:b.example' }, [offer('c', ['birds'], 'Weather_2026')], { at: 11, rejected: 0 });
      expect((await store.search({ offset: 0, limit: 10 })).total).toBe(3);
      expect((await store.search({ keyword: 'BIRDS', offset: 0, limit: 10 })).items.map((i) => i.datasetId)).toEqual(['a', 'c']);
      expect((await store.search({ keyword: 'bird', offset: 0, limit: 10 })).total).toBe(0);
      expect((await store.search({ keyword: 'x%y', offset: 0, limit: 10 })).items.map((i) => i.datasetId)).toEqual(['a']);
      expect((await store.search({ q: 'weather_', offset: 0, limit: 10 })).items.map((i) => i.datasetId)).toEqual(['c']);
      expect((await store.search({ q: 't', publisher: peer.peerId, offset: 1, limit: 1 })).items.map((i) => i.datasetId)).toEqual(['b']);
      await store.recordFailure(peer, 20, 'PEER_UNAVAILABLE: down');
      expect((await store.search({ publisher: peer.peerId, offset: 0, limit: 10 })).total).toBe(2);
      const [a] = await store.peers();
      expect(a).toEqual({ ...peer, lastAttemptAt: 20, lastSuccessAt: 10, lastError: 'PEER_UNAVAILABLE: down', offerCount: 2, rejectedCount: 1 });
      await store.replaceOffers(peer, [offer('b', ['fish'])], { at: 30, rejected: 0 });
      expect((await store.peers())[0]).toMatchObject({ lastSuccessAt: 30, lastError: undefined, offerCount: 1 });
      await store.evictOffers(peer.peerId);
      expect((await store.search({ publisher: peer.peerId, offset: 0, limit: 10 })).total).toBe(0);
      expect((await store.search({ offset: 0, limit: 10 })).items[0]?.credential).toEqual({ id: 'urn:uuid:c', proof: { proofValue: 'z1' } });
    });

    it('should store and count an offer listed twice once, keeping its first entry', async () => {
      const store = new FederationSqlStore(database);
      await store.replaceOffers(peer, [offer('a', ['first']), offer('b', []), offer('a', ['second']), offer('a', ['third'])], { at: 10, rejected: 0 });
      expect((await store.search({ offset: 0, limit: 10 })).items.map((i) => [i.datasetId, i.keywords])).toEqual([
        ['a', ['first']],
        ['b', []],
      ]);
      expect((await store.peers())[0]).toMatchObject({ offerCount: 2 });
    });
  });
}
