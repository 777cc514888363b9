import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock } from '../../core/index.js';
import { createDefaultPolicyEngine } from '../../policy/index.js';
import { AuditLog, MemoryAuditStore } from '../../connector/audit/index.js';
import { SqlAuditStore } from '../../connector/store/sql/sql-audit-store.js';
import { trainingPolicy } from '../../connector/dataspace/training-offer.js';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import { paramsHash } from '../../connector/training/model-result/model-file.js';
import { modelUse } from '../../connector/training/model-result/model-use.js';
import { planHash } from '../../connector/training/training-plan.js';
import type { AgreementStore } from '../../connector/negotiation/agreement/contract-agreement.js';
import { storesOn } from '../../connector/store/sql/create-stores.js';
import type { Database } from '../../connector/store/database.js';
import { TrainingSqlStore } from '../../connector/store/sql/training-sql-store.js';
import { ModelUseLedgerSqlStore } from '../../connector/store/sql/model-use-ledger-sql-store.js';
import { freshDatabase, testStoreConfig, type Backend, type TestDatabase } from '../helpers/test-database.js';
import { migrate } from '../../connector/store/migrate.js';
import { MIGRATIONS } from '../../connector/store/migrations/index.js';

const COORDINATOR = 'did:web:coordinator.example';
const PURPOSE = 'https://w3id.org/kontor/purpose/federated-training';
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const ROW = { 'Beak Length (mm)': 39.1, 'Beak Depth (mm)': 18.7, 'Flipper Length (mm)': 181, 'Body Mass (g)': 3750 };

/** Predictions under the agreements, counted and audited in the store (the audit log), run once per backend. */
export function modelUseContract(backend: Backend): void {
  let database: Database;
  let cleanup: () => Promise<void>;
  let trainings: TrainingSqlStore;
  let agreements: AgreementStore;
  let audit: AuditLog;
  let ledger: ModelUseLedgerSqlStore;
  let location: TestDatabase;
  const clock = new FixedClock(Date.parse('2027-01-01T00:00:00Z'));
  const engine = createDefaultPolicyEngine();
  const use = () => modelUse({ trainings, agreements, engine, audit, ledger, clock, self: COORDINATOR, modelHash: paramsHash });
  const countedPolicy = (n: number) => {
    const policy = trainingPolicy(plan, 4, COORDINATOR) as { permission: { constraint: { and: unknown[] }[] }[] };
    policy.permission[0]?.constraint[0]?.and.push({ leftOperand: 'count', operator: 'lteq', rightOperand: n });
    return policy;
  };
  const saveTraining = async (id: string, sites: string[]) => {
    const now = clock.now();
    await trainings.save({
      id,
      state: 'COMPLETED',
      stateCount: 1,
      stateTimestamp: now,
      nextAttemptAt: now,
      pending: false,
      version: 0,
      createdAt: now,
      updatedAt: now,
      purpose: PURPOSE,
      plan,
      planHash: planHash(plan),
      rounds: 1,
      currentRound: 1,
      minSites: 2,
      roundTimeoutMs: 1000,
      sites: sites.map((a) => ({ agreementId: a, siteDid: `did:web:site-${a.slice(-2)}.example`, status: 'active' as const })),
      global: Array.from({ length: 15 }, (_, i) => (i % 4) / 10),
      metrics: [],
      checkpoints: [],
      rejected: [],
    });
  };

  beforeEach(async () => {
    ({ database, location, cleanup } = await freshDatabase(backend));
    trainings = new TrainingSqlStore(database, clock);
    agreements = storesOn(database, clock).agreements;
    audit = new AuditLog(new SqlAuditStore(database), clock);
    ledger = new ModelUseLedgerSqlStore(database, audit.store as SqlAuditStore, audit, clock);
    for (const [id, policy] of [
      ['urn:uuid:a1', trainingPolicy(plan, 4, COORDINATOR)],
      ['urn:uuid:a2', countedPolicy(2)],
      ['urn:uuid:a3', countedPolicy(5)],
    ] as const) {
      await agreements.save({
        id,
        negotiationId: `n-${id}`,
        assigner: `did:web:site-${id.slice(-2)}.example`,
        assignee: COORDINATOR,
        assetId: 'penguins',
        policy: policy as Record<string, unknown>,
        signedAt: clock.now(),
        status: 'active',
      });
    }
    await saveTraining('urn:uuid:t1', ['urn:uuid:a1', 'urn:uuid:a2']);
  });
  afterEach(async () => cleanup());

  describe('model use (predictions) on the store', () => {
    it('should permit and audit per agreement, count the uses in the store, and deny past the use count with the reason', async () => {
      for (let i = 0; i < 2; i++) expect((await use().predict('urn:uuid:t1', { purpose: PURPOSE, rows: [ROW] })).predictions).toHaveLength(1);
      // A fresh service (a restart) counts from the stored audit entries.
      const third = await use()
        .predict('urn:uuid:t1', { purpose: PURPOSE, rows: [ROW] })
        .catch((e: unknown) => e);
      expect(third).toBeInstanceOf(ConnectorError);
      expect((third as ConnectorError).code).toBe('POLICY_DENIED');
      expect((third as ConnectorError).detail).toMatch(/urn:uuid:a2.*count/);
      const entries = (await audit.query({ limit: 100 })).items
        .filter((e) => e.type === 'model.use')
        .map((e) => `${String(e.agreementId)}:${String((e.data as { decision: string }).decision)}`);
      expect(entries).toEqual(['urn:uuid:a1:permit', 'urn:uuid:a2:permit', 'urn:uuid:a1:permit', 'urn:uuid:a2:permit', 'urn:uuid:a1:permit', 'urn:uuid:a2:deny']);
      // A use counts only once every agreement permits it: the refused third request took none of a1's uses.
      expect([await ledger.count('urn:uuid:a1'), await ledger.count('urn:uuid:a2')]).toEqual([2, 2]);
      expect((await audit.verify()).ok).toBe(true);
    });

    it('should let exactly N of many concurrent requests pass a count of N, from two replicas, each decision audited', async () => {
      await saveTraining('urn:uuid:t2', ['urn:uuid:a1', 'urn:uuid:a3']); // a3: count ≤ 5
      const second = await location.open(); // a second pool (PostgreSQL) or connection to the file (SQLite), like a second replica
      const otherAudit = new AuditLog(new SqlAuditStore(second), clock);
      const replicas = [
        use(),
        modelUse({
          trainings: new TrainingSqlStore(second, clock),
          agreements: storesOn(second, clock).agreements,
          engine,
          audit: otherAudit,
          ledger: new ModelUseLedgerSqlStore(second, otherAudit.store as SqlAuditStore, otherAudit, clock),
          clock,
          self: COORDINATOR,
          modelHash: paramsHash,
        }),
      ];
      let outcomes: (string | undefined)[];
      try {
        outcomes = await Promise.all(
          Array.from({ length: 16 }, (_, i) =>
            (i % 2 === 0
              ? replicas[i % 4 === 0 ? 0 : 1]?.predict('urn:uuid:t2', { purpose: PURPOSE, rows: [ROW] })
              : replicas[i % 4 === 1 ? 0 : 1]?.exportModel('urn:uuid:t2', PURPOSE, 'json')
            )?.then(
              () => 'ok',
              (e: unknown) => (e as ConnectorError).code,
            ),
          ),
        );
      } finally {
        await second.close();
      }
      expect(outcomes.filter((o) => o === 'ok')).toHaveLength(5);
      expect(outcomes.filter((o) => o !== 'ok')).toEqual(Array.from({ length: 11 }, () => 'POLICY_DENIED'));
      expect(await ledger.count('urn:uuid:a3')).toBe(5);
      const decisions = (await audit.select({ subject: 'urn:uuid:t2', agreementId: 'urn:uuid:a3', types: ['model.use'] })).map((e) => (e.data as { decision: string }).decision);
      expect(decisions.filter((d) => d === 'permit')).toHaveLength(5);
      expect(decisions).toHaveLength(16);
      expect((await audit.verify()).ok).toBe(true);
    });

    it('should refuse a shredded model with the deletion receipts that prove it', async () => {
      const t = await trainings.getById('urn:uuid:t1');
      await trainings.save({ ...t, global: [] });
      const receipt = {
        type: ['VerifiableCredential', 'DeletionReceiptCredential'],
        credentialSubject: { agreement: 'urn:uuid:a1', deletedArtifacts: [{ artifactName: 'model-6f1d', artifactClass: 'x' }] },
      };
      const named = {
        ...receipt,
        credentialSubject: { ...receipt.credentialSubject, deletedArtifacts: [{ artifactName: `model-${createHash('sha256').update('urn:uuid:t1').digest('hex').slice(0, 24)}` }] },
      };
      await audit.append({ type: 'deletion', actor: COORDINATOR, agreementId: 'urn:uuid:a1', data: { receipt: receipt as never, sentTo: 'x' } });
      await audit.append({ type: 'deletion', actor: COORDINATOR, agreementId: 'urn:uuid:a1', data: { receipt: named as never, sentTo: 'x' } });
      const error = (await use()
        .predict('urn:uuid:t1', { purpose: PURPOSE, rows: [ROW] })
        .catch((e: unknown) => e)) as ConnectorError;
      expect(error.code).toBe('MODEL_DELETED');
      expect(error.extensions?.receipts).toEqual([named]);
    });

    it('should carry entries written before migration 0018 over: their subject from their data, the permitted uses as counts', async () => {
      const old = testStoreConfig(backend);
      const db = await old.open();
      try {
        await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version < 18) });
        const memory = new AuditLog(new MemoryAuditStore(), clock);
        const use = (agreementId: string, trainingId: string, decision: string) => ({
          type: 'model.use' as const,
          actor: COORDINATOR,
          agreementId,
          data: { trainingId, action: 'predict', decision, reason: 'the \\"decision\\":\\"permit\\" is not a member' },
        });
        for (const input of [
          use('urn:uuid:a1', 'urn:uuid:t1', 'permit'),
          use('urn:uuid:a1', 'urn:uuid:t1', 'deny'),
          use('urn:uuid:a2', 'urn:uuid:t2', 'permit'),
          use('urn:uuid:a1', 'urn:uuid:t2', 'permit'),
          { type: 'model.provenance' as const, actor: COORDINATOR, data: { trainingId: 'urn:uuid:t1', credential: {} } },
          { type: 'training.round' as const, actor: 'did:web:site', agreementId: 'urn:uuid:a1', data: { transferId: 'urn:uuid:t1', round: 1, decision: 'permit' } },
          { type: 'transfer' as const, actor: COORDINATOR, data: { trainingId: 'urn:uuid:t1' } }, // not a type the index serves
        ])
          await memory.append(input);
        const rows = (memory.store as MemoryAuditStore).entries.map((e) => ({
          seq: e.seq,
          at: e.at,
          type: e.type,
          agreement_id: e.agreementId ?? null,
          actor: e.actor,
          data: JSON.stringify(e.data),
          prev_hash: e.prevHash,
          hash: e.hash,
        }));
        rows.push({
          seq: 8,
          at: clock.isoNow(),
          type: 'model.use',
          agreement_id: 'urn:uuid:a1',
          actor: COORDINATOR,
          data: '{"trainingId":"urn:uuid:t1",',
          prev_hash: 'x',
          hash: 'y',
        }); // edited into invalid JSON
        await db.db.insertInto('audit_log').values(rows).execute();
        expect(await migrate(db, { migrations: MIGRATIONS.filter((m) => m.version <= 18) })).toEqual([18]);
        const store = new SqlAuditStore(db);
        expect((await store.select({ subject: 'urn:uuid:t1' }, { afterSeq: 0, limit: 100 })).map((e) => e.seq)).toEqual([1, 2, 5, 6]);
        expect((await store.select({ subject: 'urn:uuid:t2' }, { afterSeq: 0, limit: 100 })).map((e) => e.seq)).toEqual([3, 4]);
        const counts = new ModelUseLedgerSqlStore(db, store, new AuditLog(store, clock), clock);
        expect([await counts.count('urn:uuid:a1'), await counts.count('urn:uuid:a2'), await counts.count('urn:uuid:a3')]).toEqual([2, 1, 0]);
        await expect(sql`UPDATE audit_log SET subject = NULL WHERE seq = 1`.execute(db.db)).rejects.toThrow(/append-only/); // the trigger is back
      } finally {
        await db.close();
        await old.cleanup();
      }
    });
  });
}
