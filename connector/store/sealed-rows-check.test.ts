import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../core/index.js';
import { TEST_PG_URL, testStoreConfig, type Backend, type TestDatabase } from '../../test/helpers/test-database.js';
import { kekOf, staticKeks, type KeyEncryptionKey } from '../config/artifact-kek.js';
import { fieldCipher } from './field-cipher.js';
import { createStores } from './sql/create-stores.js';

const clock = new FixedClock(1_000);
const kekA = kekOf(Buffer.alloc(32, 1));
const kekB = kekOf(Buffer.alloc(32, 2));
const asset = { id: 'a1', properties: { title: 'a1' }, dataAddress: { type: 'HttpData', baseUrl: 'https://src.example/data', authorization: 'Bearer s3cret' } };
const webhook = { id: 'w1', url: 'https://hooks.example/in', events: ['transfer.changed' as never], secret: 'w'.repeat(32), createdAt: 1_000 };

const locations: TestDatabase[] = [];
afterEach(async () => {
  for (const location of locations.splice(0)) await location.cleanup();
});

/** Opens the store with the field cipher (and artifact keys) of `keks`; the error when it is refused. */
async function openWith(location: TestDatabase, ...keks: KeyEncryptionKey[]) {
  return createStores(location.config, { clock, logger: silentLogger, cipher: await fieldCipher(staticKeks(...keks)) });
}

/** A store holding an asset, a webhook and an artifact key, each sealed under KEK A. */
async function storeSealedUnderA(backend: Backend): Promise<TestDatabase> {
  const location = testStoreConfig(backend);
  locations.push(location);
  const stores = await openWith(location, kekA);
  await stores.assets.create(asset as never);
  await stores.webhooks.create(webhook);
  await stores.artifactKeys(staticKeks(kekA)).getOrCreate('agreement-1', 'model');
  await stores.close();
  return location;
}

const backends: Backend[] = TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

// Upgrade review item 1 (c): started with a new KEK on a store an older build sealed under its generated KEK file, the
// connector came up and then failed every read of those rows; it must refuse to start, naming what it needs.
describe.each(backends)('start-up on a store sealed under another KEK (%s)', (backend) => {
  it('should refuse to open the store, naming every sealed column it cannot read, the KEK it needs and the ones it holds', async () => {
    const location = await storeSealedUnderA(backend);
    const error = await openWith(location, kekB).then(
      async (s) => void (await s.close()),
      (e: unknown) => e as { code?: string; detail?: string; violations?: unknown },
    );
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', violations: [{ pointer: 'usage.artifactKek', message: expect.any(String) }] });
    expect(error?.detail).toContain(`the store holds values sealed with artifact KEK ${kekA.kekId} (`);
    expect(error?.detail).toContain(`assets.dataAddress of 'a1': ${kekA.kekId}`);
    expect(error?.detail).toContain(`webhooks.secret of 'w1': ${kekA.kekId}`);
    expect(error?.detail).toContain(`the artifact key of 'agreement-1 / model': ${kekA.kekId}`);
    expect(error?.detail).toContain(`and this connector holds ${kekB.kekId}: start it with the KEK the store was sealed with`);
    expect(error?.detail).toContain('set usage.artifactKekFile (KONTOR_ARTIFACT_KEK_FILE) to that file, or usage.artifactKek (KONTOR_ARTIFACT_KEK) to its keys[0].key');
  });

  it('should open it with the KEK it was sealed with, also beside a newer one (a rotated KEK file), and read the rows', async () => {
    const location = await storeSealedUnderA(backend);
    for (const keks of [[kekA], [kekB, kekA]]) {
      const stores = await openWith(location, ...keks);
      try {
        expect((await stores.assets.getById('a1')).dataAddress).toEqual(asset.dataAddress);
      } finally {
        await stores.close();
      }
    }
  });

  it('should open an empty store, and one whose values were stored before sealing, with any KEK', async () => {
    const location = testStoreConfig(backend);
    locations.push(location);
    const plain = await createStores(location.config, { clock, logger: silentLogger }); // no cipher: stored in clear
    await plain.assets.create(asset as never);
    await plain.close();
    const stores = await openWith(location, kekB);
    await stores.close();
  });
});
