import type { OfferCredentialStore, StoredOfferCredential } from '../../offers/index.js';
import type { Database } from '../database.js';
import { guarded } from '../sql-errors.js';

const CHUNK = 500;

/** Kysely implementation of the signed offer credentials (table `offer_credentials`, migration 0006). */
export class OfferCredentialSqlStore implements OfferCredentialStore {
  constructor(private readonly database: Database) {}

  findMany(keys: readonly { offerId: string; contentHash: string }[]): Promise<StoredOfferCredential[]> {
    return guarded('offer credentials', async () => {
      const wanted = new Set(keys.map((k) => `${k.offerId}\n${k.contentHash}`));
      const ids = [...new Set(keys.map((k) => k.offerId))];
      const out: StoredOfferCredential[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        const rows = await this.database.db
          .selectFrom('offer_credentials')
          .selectAll()
          .where('offer_id', 'in', ids.slice(i, i + CHUNK))
          .execute();
        for (const r of rows as Record<string, unknown>[]) {
          const record = {
            offerId: String(r.offer_id),
            contentHash: String(r.content_hash),
            signedAt: Number(r.signed_at),
            credential: JSON.parse(String(r.credential)) as Record<string, unknown>,
          };
          if (wanted.has(`${record.offerId}\n${record.contentHash}`)) out.push(record);
        }
      }
      return out;
    });
  }

  save(record: StoredOfferCredential): Promise<void> {
    return guarded('offer credentials', async () => {
      await this.database.db
        .insertInto('offer_credentials')
        .values({ offer_id: record.offerId, content_hash: record.contentHash, signed_at: record.signedAt, credential: JSON.stringify(record.credential) })
        .onConflict((oc) => oc.columns(['offer_id', 'content_hash']).doNothing())
        .execute();
    });
  }
}
