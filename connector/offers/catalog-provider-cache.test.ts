import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { AGENTS, fakeVisibility, seed } from '../../test/protocol/catalog-fixture.js';
import { freshDatabase } from '../../test/helpers/test-database.js';
import { storesOn, type Stores } from '../store/sql/create-stores.js';
import { dataService, pullFormat, type DcatDataset } from './catalog-imports.js';
import { createCatalogProvider } from './catalog-provider.js';

const guest = AGENTS['token-guest'] as ParticipantAgent;
const member = AGENTS['token-member'] as ParticipantAgent;
const publisher = () => ({ participantId: 'did:web:p', service: dataService('did:web:p#dsp', 'http://p/api/dsp'), formatsFor: pullFormat });
const PAGE = { offset: 0, limit: 100 };
let stores: Stores;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  const fresh = await freshDatabase('sqlite');
  stores = storesOn(fresh.database, new FixedClock());
  cleanup = fresh.cleanup;
  await seed(stores);
});
afterEach(async () => cleanup());

/** A provider whose attest step marks each offer with a numbered "signature" and records which offers it saw. */
function attestingProvider() {
  const attested: string[] = [];
  let signatures = 0;
  const attest = async (datasets: DcatDataset[]) =>
    datasets.map((d) => {
      attested.push(...d.hasPolicy.map((o) => o['@id']));
      return { ...d, signatures: d.hasPolicy.map(() => ++signatures) };
    });
  const clock = new FixedClock();
  const provider = createCatalogProvider({ ...stores, isOfferVisible: fakeVisibility, publisher, logger: silentLogger, attest, cache: { clock, ttlMs: 60_000 } });
  return { provider, attested };
}

const byId = (datasets: DcatDataset[], id: string) => datasets.find((d) => d['@id'] === id);

describe('catalog provider: finished datasets from memory', () => {
  it('attests a dataset once; the next page comes from memory with the same credentials', async () => {
    const { provider, attested } = attestingProvider();
    const first = await provider.datasets(guest, {}, PAGE);
    const seen = attested.length;
    expect(seen).toBeGreaterThan(0);
    const second = await provider.datasets(guest, {}, PAGE);
    expect(attested).toHaveLength(seen);
    expect(second).toEqual(first);
  });

  it('serves what the publication built to a requester who may see every offer of the asset, and nothing more', async () => {
    const { provider, attested } = attestingProvider();
    await provider.publish(PAGE);
    const published = attested.length;
    const guestPage = await provider.datasets(guest, {}, PAGE);
    // a01 has a members-only offer: the guest's a01 is another dataset (one offer), built and attested for the guest.
    expect(attested.slice(published)).toEqual(byId(guestPage.datasets, 'a01')?.hasPolicy.map((o) => o['@id']));
    expect(byId(guestPage.datasets, 'a01')?.hasPolicy).toHaveLength(1);
    expect(guestPage.datasets.map((d) => d['@id'])).not.toContain('urn:asset:members/only');
    const afterGuest = attested.length;
    const memberPage = await provider.datasets(member, {}, PAGE);
    expect(attested).toHaveLength(afterGuest);
    expect(byId(memberPage.datasets, 'a01')?.hasPolicy).toHaveLength(2);
  });

  it('shows a changed contract policy on the next page, with a new offer id, attested anew', async () => {
    const { provider, attested } = attestingProvider();
    const before = byId((await provider.datasets(guest, {}, PAGE)).datasets, 'a02');
    const use = await stores.policies.getById('use');
    await stores.policies.replace({ id: use.id, policy: { '@type': 'Set', permission: [{ action: 'use' }], prohibition: [{ action: 'distribute' }] } });
    provider.invalidate();
    const seen = attested.length;
    const after = byId((await provider.datasets(guest, {}, PAGE)).datasets, 'a02');
    const offer = after?.hasPolicy[0];
    expect(offer?.prohibition).toEqual([{ action: 'distribute' }]);
    expect(offer?.['@id']).not.toBe(before?.hasPolicy[0]?.['@id']);
    expect(attested.slice(seen)).toContain(offer?.['@id']);
    expect(after?.signatures).not.toEqual(before?.signatures);
  });

  it('shows a changed asset on the next page, attested anew, even before the terms are reloaded', async () => {
    const { provider, attested } = attestingProvider();
    const before = byId((await provider.datasets(guest, {}, PAGE)).datasets, 'a03');
    const asset = await stores.assets.getById('a03');
    await stores.assets.replace({ ...asset, properties: { ...asset.properties, title: 'Renamed' } });
    const seen = attested.length;
    const after = byId((await provider.datasets(guest, {}, PAGE)).datasets, 'a03');
    expect(after?.['dct:title']).toBe('Renamed');
    expect(attested.slice(seen)).toEqual(after?.hasPolicy.map((o) => o['@id']));
    expect(after?.signatures).not.toEqual(before?.signatures);
  });

  it('drops an offer whose definition was removed, and an asset that was deleted', async () => {
    const { provider } = attestingProvider();
    await provider.publish(PAGE);
    expect(byId((await provider.datasets(member, {}, PAGE)).datasets, 'a01')?.hasPolicy).toHaveLength(2);
    await stores.contractDefinitions.delete('d-members');
    provider.invalidate();
    const page = await provider.datasets(member, {}, PAGE);
    expect(byId(page.datasets, 'a01')?.hasPolicy).toHaveLength(1);
    expect(page.datasets.map((d) => d['@id'])).not.toContain('urn:asset:members/only');
    await stores.contractDefinitions.delete('d-open');
    provider.invalidate();
    await stores.assets.delete('a05');
    expect((await provider.datasets(member, {}, PAGE)).datasets.map((d) => d['@id'])).not.toContain('a05');
  });
});
