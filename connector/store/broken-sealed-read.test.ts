import { afterEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { capturingLogger, ERROR_LEVEL } from '../../test/helpers/log-capture.js';
import { startConnector, type RunningConnector } from '../../test/helpers/start-connector.js';
import { kekOf, staticKeks } from '../config/artifact-kek.js';
import { openDatabase } from './database.js';
import { fieldCipher } from './field-cipher.js';
import { storesOn } from './sql/create-stores.js';

const kek = kekOf(Buffer.alloc(32, 7));

let running: RunningConnector | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

// Known weak point: a sealed value that failed AES-GCM (changed in the database, or moved from another row) escaped
// as INTERNAL, a 500 on the management API.
describe('reading an asset whose sealed data address was tampered with in the database', () => {
  it('should answer 503 STORE_INTEGRITY without Retry-After, and log one error line naming the row', async () => {
    const { logger, lines } = capturingLogger();
    running = await startConnector('sqlite', { logger }, { 'usage.artifactKek': kek.key.toString('base64') });
    const other = await openDatabase(running.connector.config.store);
    try {
      const stores = storesOn(other, new FixedClock(1_000), await fieldCipher(staticKeks(kek)));
      await stores.assets.create({ id: 'x1', properties: { title: 'x1' }, dataAddress: { type: 'HttpData', baseUrl: 'https://src.example/data' } } as never);
      const row = await other.db.selectFrom('assets').select('body').where('id', '=', 'x1').executeTakeFirstOrThrow();
      const body = JSON.parse(String(row.body)) as { dataAddress: string };
      const at = body.dataAddress.length - 12;
      body.dataAddress = `${body.dataAddress.slice(0, at)}${body.dataAddress[at] === 'A' ? 'B' : 'A'}${body.dataAddress.slice(at + 1)}`;
      await other.db
        .updateTable('assets')
        .set({ body: JSON.stringify(body) })
        .where('id', '=', 'x1')
        .execute();
    } finally {
      await other.close();
    }
    const response = await running.api('/api/v1/assets/x1');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBeNull();
    expect(await response.json()).toMatchObject({ code: 'STORE_INTEGRITY', detail: "assets.dataAddress of 'x1' does not open (tampered, or moved from another row)" });
    const errors = lines.filter((l) => l.level >= ERROR_LEVEL);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ table: 'assets', column: 'dataAddress', rowId: 'x1' });
  });
});
