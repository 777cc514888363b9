import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { isConnectorError, type Clock, type Logger } from '../../../core/index.js';
import type { Database } from '../database.js';
import { guarded } from '../sql-errors.js';
import { logIfBroken } from '../sealed-value-broken.js';
import { kekSourceFrom, type ArtifactKekSettings, type KekSource } from '../../config/artifact-kek.js';
import type { ArtifactKey, ArtifactKeyStore } from '../../usage/index.js';
import { unwrapArtifactKey, wrapArtifactKey } from '../../usage/index.js';

type Row = Record<string, unknown>;
const TABLE = 'usage_artifact_keys';

/**
 * Keys in SQL (migration 0008), each stored wrapped with a key-encryption key kept outside the database
 * (artifact-kek.ts, artifact-key-wrap.ts): a dump alone decrypts nothing, and the data key exists
 * unwrapped only in memory while an artifact is read or written. Deleting a row does not by itself
 * erase the wrapped key from disk:
 * - SQLite: `destroy` turns on `PRAGMA secure_delete` for its own DELETE only (restoring the previous
 *   value, so other stores keep their behaviour), which zeroes the freed cell, then asks for a passive
 *   WAL checkpoint. Older WAL frames and the main file page may still hold the key until that checkpoint
 *   completes; backups of the file keep it regardless.
 * - PostgreSQL: the dead tuple stays in the heap until VACUUM reuses it, and WAL archives and base
 *   backups keep it. Run VACUUM on the table after shredding and expire backups under your retention.
 * Such residue is useless without the KEK; a backup of the database *and* the KEK is not (rotate and
 * destroy the KEK to close that, see docs/decisions/0011-artifact-key-wrapping.md).
 */
export class SqlArtifactKeyStore implements ArtifactKeyStore {
  private readonly keks: KekSource;

  /** `kek`: the KEK source, or the settings to build one (secret, else a file created on first use). `logger`: where a key that does not unwrap is logged. */
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    kek: KekSource | ArtifactKekSettings,
    private readonly logger?: Logger,
  ) {
    this.keks = 'current' in kek ? kek : kekSourceFrom(kek);
  }

  /** Opens (or creates) the KEK now, so a bad KEK file or secret stops start-up instead of the first deletion. */
  async ready(): Promise<void> {
    await this.keks.current();
  }

  async getOrCreate(agreementId: string, artifactClass: string): Promise<ArtifactKey> {
    const existing = await this.find(agreementId, artifactClass);
    if (existing) return existing;
    const kek = await this.keks.current();
    const created = { agreementId, artifactClass, keyId: `urn:uuid:${randomUUID()}`, key: randomBytes(32), createdAt: this.clock.now() };
    const wrapped = wrapArtifactKey(kek, created, created.key);
    try {
      await guarded('the artifact key store', () =>
        this.database.db
          .insertInto(TABLE)
          .values({
            agreement_id: agreementId,
            artifact_class: artifactClass,
            key_id: created.keyId,
            key_material: wrapped,
            created_at: created.createdAt,
          })
          .execute(),
      );
      return created;
    } catch (error) {
      if (!isConnectorError(error) || error.code !== 'ALREADY_EXISTS') throw error;
      const winner = await this.find(agreementId, artifactClass); // another writer created it first
      if (!winner) throw error;
      return winner;
    }
  }

  async find(agreementId: string, artifactClass: string): Promise<ArtifactKey | undefined> {
    const row = await guarded('the artifact key store', () =>
      this.database.db.selectFrom(TABLE).selectAll().where('agreement_id', '=', agreementId).where('artifact_class', '=', artifactClass).executeTakeFirst(),
    );
    return row ? this.#fromRow(row) : undefined;
  }

  destroy(agreementId: string, artifactClass: string): Promise<string | undefined> {
    return guarded('the artifact key store', async () => {
      const sqlite = this.database.dialect === 'sqlite';
      const deleted = await this.database.db.transaction().execute(async (trx) => {
        const before = sqlite ? Number((await sql<Row>`PRAGMA secure_delete`.execute(trx)).rows[0]?.secure_delete ?? 0) : 0;
        if (sqlite) await sql`PRAGMA secure_delete = ON`.execute(trx);
        try {
          return await trx.deleteFrom(TABLE).where('agreement_id', '=', agreementId).where('artifact_class', '=', artifactClass).returning('key_id').executeTakeFirst();
        } finally {
          if (sqlite) await sql.raw(`PRAGMA secure_delete = ${before === 1 ? 'ON' : 'OFF'}`).execute(trx);
        }
      });
      if (sqlite && deleted) await sql`PRAGMA wal_checkpoint(PASSIVE)`.execute(this.database.db);
      return deleted ? String(deleted.key_id) : undefined;
    });
  }

  async #fromRow(r: Row): Promise<ArtifactKey> {
    const binding = { agreementId: String(r.agreement_id), artifactClass: String(r.artifact_class), keyId: String(r.key_id) };
    const key = await unwrapArtifactKey(this.keks, binding, String(r.key_material)).catch((error: unknown) => {
      logIfBroken(this.logger, { table: TABLE, column: 'key_material', id: `${binding.agreementId} / ${binding.artifactClass}` }, error);
      throw error;
    });
    return { ...binding, key, createdAt: Number(r.created_at) };
  }
}
