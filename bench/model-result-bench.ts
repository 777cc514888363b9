import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../core/index.js';
import { AuditLog } from '../connector/audit/index.js';
import { openDatabase } from '../connector/store/database.js';
import { migrate } from '../connector/store/migrate.js';
import { SqlAuditStore } from '../connector/store/sql/sql-audit-store.js';
import { measure, report } from './measure.js';

const UNRELATED = 50_000;

/**
 * Reading one training's provenance entries (an indexed read by subject, as GET …/provenance does) in a log that holds
 * only that training, versus the same read after 50,000 unrelated entries: the ratio stays near 1 when the cost does not
 * grow with unrelated history. The whole-log scan it replaced is timed on the large log for comparison.
 */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-bench-'));
  const database = await openDatabase({ kind: 'sqlite', path: join(dir, 'b.db'), url: undefined, schema: 'public', poolSize: 1 });
  try {
    await migrate(database);
    const log = new AuditLog(new SqlAuditStore(database), systemClock);
    const mine = async () => {
      for (let i = 0; i < 3; i++) await log.append({ type: 'model.provenance', actor: 'did:web:c', subject: 'urn:uuid:t1', data: { trainingId: 'urn:uuid:t1', i } });
    };
    await mine();
    const read = () => log.select({ subject: 'urn:uuid:t1', types: ['model.provenance'] });
    const small = await measure('select (small log)', read);
    const head = (await log.store.head())?.seq ?? 0;
    await database.db.transaction().execute(async (trx) => {
      for (let start = 0; start < UNRELATED; start += 500) {
        const rows = Array.from({ length: 500 }, (_, k) => ({
          seq: head + start + k + 1,
          at: systemClock.isoNow(),
          type: 'model.use',
          agreement_id: `agr-${k % 50}`,
          actor: 'did:web:c',
          data: JSON.stringify({ trainingId: `urn:uuid:other-${k % 97}`, decision: 'permit' }),
          prev_hash: `p${start + k}`,
          hash: `h${start + k}`,
          subject: `urn:uuid:other-${k % 97}`,
        }));
        await trx.insertInto('audit_log').values(rows).execute();
      }
    });
    await mine();
    const large = await measure('select (large log)', read);
    const scan = await measure(
      'whole-log scan (large log)',
      async () => {
        const found = [];
        for (let offset = 0; ; offset += 1000) {
          const page = await log.query({ offset, limit: 1000 });
          found.push(...page.items.filter((e) => e.type === 'model.provenance'));
          if (offset + 1000 >= page.total) return found;
        }
      },
      { warmupMs: 0, runMs: 1, runs: 3 },
    );
    report(
      `model result: a training's provenance entries, with ${UNRELATED.toLocaleString('en')} unrelated entries`,
      [
        { label: 'indexed read, log of 3 entries (baseline), median', value: small.median, unit: 'ms' },
        { label: `indexed read, log of ${(UNRELATED + 6).toLocaleString('en')} entries, median`, value: large.median, unit: 'ms' },
        { label: 'whole-log scan as before, same large log, median', value: scan.median, unit: 'ms' },
      ],
      { label: 'large / small (indexed)', value: large.median / small.median },
    );
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
