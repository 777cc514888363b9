import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { startConnector, type RunningConnector } from '../../test/helpers/start-connector.js';
import { kekOf, staticKeks } from '../config/artifact-kek.js';
import { openDatabase } from './database.js';
import { fieldCipher } from './field-cipher.js';
import { storesOn } from './sql/create-stores.js';

const kekA = kekOf(Buffer.alloc(32, 1));
const kekB = kekOf(Buffer.alloc(32, 2));

let running: RunningConnector | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

// Upgrade review item 1 (d): a value sealed under a KEK this connector does not hold (a row another replica wrote
// with another key, after the start-up check) was answered 400 CONFIG_INVALID, which blames the caller.
describe('reading a value sealed under a KEK this connector does not hold', () => {
  it('should answer 503 STORE_UNAVAILABLE with a Retry-After, naming the KEK the value needs and the one held', async () => {
    running = await startConnector('sqlite', {}, { 'usage.artifactKek': kekA.key.toString('base64') });
    // Another writer on the same store, with another KEK.
    const other = await openDatabase(running.connector.config.store);
    try {
      await storesOn(other, new FixedClock(1_000), await fieldCipher(staticKeks(kekB))).assets.create({
        id: 'b1',
        properties: { title: 'b1' },
        dataAddress: { type: 'HttpData', baseUrl: 'https://src.example/data' },
      } as never);
    } finally {
      await other.close();
    }
    const response = await running.api('/api/v1/assets/b1');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(await response.json()).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      detail: `assets.dataAddress of 'b1' is sealed with KEK ${kekB.kekId}, which this connector does not hold (it holds ${kekA.kekId}): the server's artifact KEK (usage.artifactKek or usage.artifactKekFile) is not the one the store was sealed with`,
    });
  });
});
