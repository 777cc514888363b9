import type { HeldCredential, HeldCredentialStore } from '../../identity/index.js';
import type { Database } from '../database.js';
import { fromJsonColumn, toJsonColumn } from '../json-column.js';
import { guarded } from '../sql-errors.js';

/** Kysely implementation of the holder's wallet. */
export class HeldCredentialSqlStore implements HeldCredentialStore {
  constructor(private readonly database: Database) {}

  replaceAll(credentials: readonly HeldCredential[]): Promise<void> {
    return guarded('credential wallet', () =>
      this.database.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('held_credentials').execute();
        if (credentials.length === 0) return;
        await trx
          .insertInto('held_credentials')
          .values(
            credentials.map((c) => ({
              id: c.id,
              issuer: c.issuer,
              types: c.types.join(','),
              valid_until: c.validUntil,
              received_at: c.receivedAt,
              body: toJsonColumn(c.credential),
            })),
          )
          .execute();
      }),
    );
  }

  list(): Promise<HeldCredential[]> {
    return guarded('credential wallet', async () => {
      const rows = await this.database.db.selectFrom('held_credentials').selectAll().orderBy('received_at').orderBy('id').execute();
      return rows.map((r: Record<string, unknown>) => ({
        id: String(r.id),
        issuer: String(r.issuer),
        types: String(r.types).split(',').filter(Boolean),
        validUntil: Number(r.valid_until),
        receivedAt: Number(r.received_at),
        credential: fromJsonColumn(r.body) as Record<string, unknown>,
      }));
    });
  }
}
