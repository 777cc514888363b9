import { afterEach, beforeEach, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { AuditLog, MemoryAuditStore } from '../../connector/audit/index.js';
import {
  DidResolverRegistry,
  Ed25519Key,
  createDidKeyResolver,
  createDocumentLoader,
  didKeyIdentity,
  issueCredential,
  type IdentityRuntime,
} from '../../connector/identity/index.js';
import type { Database } from '../../connector/store/database.js';
import { migrate } from '../../connector/store/migrate.js';
import { MIGRATIONS } from '../../connector/store/migrations/index.js';
import { ReceivedReceiptSqlStore } from '../../connector/store/sql/received-receipt-sql-store.js';
import { SqlAuditStore } from '../../connector/store/sql/sql-audit-store.js';
import { buildDeletionReceipt, receiptAcceptance, type ReceiptIdentity } from '../../connector/usage/index.js';
import type { ReceiptSession } from '../../connector/usage/model-artifacts.js';
import { freshDatabase, testStoreConfig, type Backend, type TestDatabase } from '../helpers/test-database.js';

const clock = new FixedClock(Date.parse('2026-06-01T00:00:00Z'));
const COORDINATOR = 'did:web:coordinator.example';
const identity = (over: Partial<ReceiptIdentity> = {}): ReceiptIdentity => ({ agreementId: 'agr', receiptId: 'urn:uuid:r-1', transferId: 'tp-a', proofValue: 'z1', ...over });
const entry = (receiptId: string, proofValue = 'z1') => ({
  type: 'deletion' as const,
  actor: COORDINATOR,
  agreementId: 'agr',
  data: { receipt: { id: receiptId, credentialSubject: { transfer: 'tp-a' }, proof: { proofValue } }, receivedFrom: COORDINATOR },
});

/** The received deletion receipts (migration 0026): one per (agreement, receipt id), refused by the store itself. */
export function receivedReceiptContract(backend: Backend): void {
  let database: Database;
  let location: TestDatabase;
  let cleanup: () => Promise<void>;
  const ledgerOn = (db: Database) => {
    const audit = new AuditLog(new SqlAuditStore(db), clock);
    return { audit, ledger: new ReceivedReceiptSqlStore(db, audit.store as SqlAuditStore, audit) };
  };
  const rows = async () => database.db.selectFrom('usage_received_receipts').selectAll().orderBy('receipt_id').execute();
  const deletions = async () => (await ledgerOn(database).audit.select({ agreementId: 'agr', types: ['deletion'] })).length;
  beforeEach(async () => {
    ({ database, location, cleanup } = await freshDatabase(backend));
  });
  afterEach(async () => cleanup());

  it('should keep one of two identical receipts inserted at the same moment from two replicas, with one audit entry', async () => {
    const second = await location.open(); // a second pool (PostgreSQL) or connection to the file (SQLite), like a second replica
    try {
      const outcomes = await Promise.all([ledgerOn(database).ledger.keep(identity(), entry('urn:uuid:r-1')), ledgerOn(second).ledger.keep(identity(), entry('urn:uuid:r-1'))]);
      expect(outcomes.filter((o) => o.kept)).toHaveLength(1);
      expect(outcomes.find((o) => !o.kept)).toEqual({ kept: false, earlier: identity() });
    } finally {
      await second.close();
    }
    expect(await rows()).toEqual([{ agreement_id: 'agr', receipt_id: 'urn:uuid:r-1', transfer_id: 'tp-a', proof_value: 'z1' }]);
    expect(await deletions()).toBe(1);
    expect((await ledgerOn(database).audit.verify()).ok).toBe(true);
  });

  it('should answer a later id of the same agreement with the receipt kept first, and keep the same id under another agreement', async () => {
    const { ledger } = ledgerOn(database);
    expect(await ledger.keep(identity(), entry('urn:uuid:r-1'))).toEqual({ kept: true });
    expect(await ledger.keep(identity({ proofValue: null, transferId: null }), entry('urn:uuid:r-1', 'z2'))).toEqual({ kept: false, earlier: identity() });
    expect(await ledger.keep(identity({ agreementId: 'agr-2' }), { ...entry('urn:uuid:r-1'), agreementId: 'agr-2' })).toEqual({ kept: true });
    expect(await rows()).toHaveLength(2);
    expect(await deletions()).toBe(1);
  });

  it('should record a receipt delivered to two replicas at once once, through the acceptance of each', async () => {
    const documentLoader = createDocumentLoader(new DidResolverRegistry([createDidKeyResolver()], { clock }));
    const coordinator = didKeyIdentity(Ed25519Key.generate('k', clock.isoNow()));
    const runtime = { documentLoader } as unknown as IdentityRuntime;
    const session: ReceiptSession = { transferId: 'tp-a', agreementId: 'agr', coordinatorDid: coordinator.did, roundsDone: 2, createdAt: 0 };
    const body = buildDeletionReceipt({
      id: 'urn:uuid:r-9',
      issuer: coordinator.did,
      agreementId: 'agr',
      artifacts: [{ artifactClass: 'model-artifacts', artifactName: 'model-1', ciphertextSha256: 'sha256:aa' }],
      deletedAt: clock.isoNow(),
      transferId: 'tp-a',
    });
    const receipt = await issueCredential(body, { issuer: coordinator, documentLoader, clock });
    const second = await location.open();
    try {
      const replicas = [database, second].map((db) => receiptAcceptance({ runtime, receipts: ledgerOn(db).ledger, clock }));
      await Promise.all(replicas.map((accept) => accept(session, structuredClone(receipt))));
      await replicas[1]?.(session, structuredClone(receipt)); // and once more later: still the idempotent success
    } finally {
      await second.close();
    }
    expect((await rows()).map((r) => r.receipt_id)).toEqual(['urn:uuid:r-9']);
    expect(await deletions()).toBe(1);
  });

  it('should carry the receipts already in the audit log over at migration 0026, the first of each id when replicas kept one twice', async () => {
    const old = testStoreConfig(backend);
    const db = await old.open();
    try {
      await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version < 26) });
      const memory = new AuditLog(new MemoryAuditStore(), clock);
      for (const input of [
        entry('urn:uuid:r-1', 'z-first'),
        entry('urn:uuid:r-1', 'z-twice'), // the same id kept a second time by another replica (the race this fixes)
        { ...entry('urn:uuid:r-2'), data: { receipt: { id: 'urn:uuid:r-2', proof: [{ proofValue: 'z-array' }] }, receivedFrom: COORDINATOR } },
        { ...entry('urn:uuid:r-3'), data: { receipt: { id: 'urn:uuid:r-3' }, sentTo: 'did:web:site' } }, // sent, not received
        { ...entry('x'), data: { receipt: { id: 7 }, receivedFrom: COORDINATOR } }, // no string id
      ])
        await memory.append(input);
      const stored = (memory.store as MemoryAuditStore).entries.map((e) => ({
        seq: e.seq,
        at: e.at,
        type: e.type,
        agreement_id: e.agreementId ?? null,
        actor: e.actor,
        data: JSON.stringify(e.data),
        prev_hash: e.prevHash,
        hash: e.hash,
      }));
      stored.push({ ...(stored[0] as (typeof stored)[number]), seq: 6, data: '{"receipt":{"id":"urn:uuid:r-4"', prev_hash: 'x' }); // invalid JSON
      await db.db.insertInto('audit_log').values(stored).execute();
      expect(await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 26) })).toEqual([26]);
      expect(await db.db.selectFrom('usage_received_receipts').selectAll().orderBy('receipt_id').execute()).toEqual([
        { agreement_id: 'agr', receipt_id: 'urn:uuid:r-1', transfer_id: 'tp-a', proof_value: 'z-first' },
        { agreement_id: 'agr', receipt_id: 'urn:uuid:r-2', transfer_id: null, proof_value: 'z-array' },
      ]);
      const audit = new AuditLog(new SqlAuditStore(db), clock);
      const ledger = new ReceivedReceiptSqlStore(db, audit.store as SqlAuditStore, audit);
      expect(await ledger.keep(identity({ proofValue: 'z-first' }), entry('urn:uuid:r-1', 'z-first'))).toEqual({ kept: false, earlier: identity({ proofValue: 'z-first' }) });
    } finally {
      await db.close();
      await old.cleanup();
    }
  });
}
