import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { systemClock } from '../core/index.js';
import { SqlStateEntityStore } from '../connector/store/sql/sql-state-entity-store.js';
import type { StatefulEntity } from '../connector/statemachine/stateful-entity.js';
import { openDatabase } from '../connector/store/database.js';
import { migrate } from '../connector/store/migrate.js';
import { measure, report } from './measure.js';

/** Claiming one due entity through the store versus a bare indexed SELECT on the same SQLite file. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-bench-'));
  const database = await openDatabase({ kind: 'sqlite', path: join(dir, 'b.db'), url: undefined, schema: 'public', poolSize: 1 });
  try {
    await migrate(database);
    const store = new SqlStateEntityStore<StatefulEntity>(database, 'contract_negotiations', 'negotiation', systemClock);
    for (let i = 0; i < 5000; i++) {
      await store.save({ id: `e${i}`, state: 'REQUESTING', stateCount: 1, stateTimestamp: i, nextAttemptAt: 0, pending: false, version: 0, createdAt: 0, updatedAt: 0 });
    }
    let owner = 0;
    const claim = await measure('claimDue(1)', async () => {
      const [e] = await store.claimDue({ states: ['REQUESTING'], limit: 1, owner: `w${owner++}`, leaseMs: 1 });
      if (e) await store.release(e.id, e.id);
    });
    const select = await measure('bare SELECT', () => sql`SELECT id FROM contract_negotiations WHERE state = 'REQUESTING' LIMIT 1`.execute(database.db));
    report(
      'store: lease claim on SQLite (5,000 due entities)',
      [
        { label: 'claimDue(limit 1), median', value: claim.median, unit: 'ms' },
        { label: 'bare indexed SELECT (baseline), median', value: select.median, unit: 'ms' },
      ],
      { label: 'claim / bare select', value: claim.median / select.median },
    );
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
