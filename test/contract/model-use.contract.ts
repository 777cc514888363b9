import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock } from '../../core/index.js';
import { createDefaultPolicyEngine } from '../../policy/index.js';
import { AuditLog } from '../../connector/audit/index.js';
import { SqlAuditStore } from '../../connector/store/sql/sql-audit-store.js';
import { trainingPolicy } from '../../connector/dataspace/training-offer.js';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import { paramsHash } from '../../connector/training/model-result/model-file.js';
import { modelUse } from '../../connector/training/model-result/model-use.js';
import type { Training } from '../../connector/training/training.js';
import { planHash } from '../../connector/training/training-plan.js';
import type { AgreementStore } from '../../connector/negotiation/agreement/contract-agreement.js';
import { storesOn } from '../../connector/store/sql/create-stores.js';
import type { Database } from '../../connector/store/database.js';
import { SqlStateEntityStore } from '../../connector/store/sql/sql-state-entity-store.js';
import { freshDatabase, type Backend } from '../helpers/test-database.js';

const COORDINATOR = 'did:web:coordinator.example';
const PURPOSE = 'https://w3id.org/kontor/purpose/federated-training';
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const ROW = { 'Beak Length (mm)': 39.1, 'Beak Depth (mm)': 18.7, 'Flipper Length (mm)': 181, 'Body Mass (g)': 3750 };

/** Predictions under the agreements, counted and audited in the store (the audit log), run once per backend. */
export function modelUseContract(backend: Backend): void {
  let database: Database;
  let cleanup: () => Promise<void>;
  let trainings: SqlStateEntityStore<Training>;
  let agreements: AgreementStore;
  let audit: AuditLog;
  const clock = new FixedClock(Date.parse('2027-01-01T00:00:00Z'));
  const engine = createDefaultPolicyEngine();
  const use = () => modelUse({ trainings, agreements, engine, audit, clock, self: COORDINATOR, modelHash: paramsHash });

  beforeEach(async () => {
    ({ database, cleanup } = await freshDatabase(backend));
    trainings = new SqlStateEntityStore<Training>(database, 'fl_trainings', 'training', clock);
    agreements = storesOn(database, clock).agreements;
    audit = new AuditLog(new SqlAuditStore(database), clock);
    const counted = trainingPolicy(plan, 4, COORDINATOR) as { permission: { constraint: { and: unknown[] }[] }[] };
    counted.permission[0]?.constraint[0]?.and.push({ leftOperand: 'count', operator: 'lteq', rightOperand: 2 });
    for (const [id, policy] of [['urn:uuid:a1', trainingPolicy(plan, 4, COORDINATOR)], ['urn:uuid:a2', counted]] as const) {
      await agreements.save({ id, negotiationId: `n-${id}`, assigner: `did:web:site-${id.slice(-2)}.example`, assignee: COORDINATOR, assetId: 'penguins', policy: policy as Record<string, unknown>, signedAt: clock.now(), status: 'active' });
    }
    const now = clock.now();
    await trainings.save({
      id: 'urn:uuid:t1', state: 'COMPLETED', stateCount: 1, stateTimestamp: now, nextAttemptAt: now, pending: false, version: 0, createdAt: now, updatedAt: now,
      purpose: PURPOSE, plan, planHash: planHash(plan), rounds: 1, currentRound: 1, minSites: 2, roundTimeoutMs: 1000,
      sites: [{ agreementId: 'urn:uuid:a1', siteDid: 'did:web:site-a1.example', status: 'active' }, { agreementId: 'urn:uuid:a2', siteDid: 'did:web:site-a2.example', status: 'active' }],
      global: Array.from({ length: 15 }, (_, i) => (i % 4) / 10), metrics: [], checkpoints: [], rejected: [],
    });
  });
  afterEach(async () => cleanup());

  describe('model use (predictions) on the store', () => {
    it('should permit and audit per agreement, count the uses in the store, and deny past the use count with the reason', async () => {
      for (let i = 0; i < 2; i++) expect((await use().predict('urn:uuid:t1', { purpose: PURPOSE, rows: [ROW] })).predictions).toHaveLength(1);
      // A fresh service (a restart) counts from the stored audit entries.
      const third = await use().predict('urn:uuid:t1', { purpose: PURPOSE, rows: [ROW] }).catch((e: unknown) => e);
      expect(third).toBeInstanceOf(ConnectorError);
      expect((third as ConnectorError).code).toBe('POLICY_DENIED');
      expect((third as ConnectorError).detail).toMatch(/urn:uuid:a2.*count/);
      const entries = (await audit.query({ limit: 100 })).items.filter((e) => e.type === 'model.use').map((e) => `${String(e.agreementId)}:${String((e.data as { decision: string }).decision)}`);
      expect(entries).toEqual(['urn:uuid:a1:permit', 'urn:uuid:a2:permit', 'urn:uuid:a1:permit', 'urn:uuid:a2:permit', 'urn:uuid:a1:permit', 'urn:uuid:a2:deny']);
      expect((await audit.verify()).ok).toBe(true);
    });

    it('should refuse a shredded model with the deletion receipts that prove it', async () => {
      const t = await trainings.getById('urn:uuid:t1');
      await trainings.save({ ...t, global: [] });
      const receipt = { type: ['VerifiableCredential', 'DeletionReceiptCredential'], credentialSubject: { agreement: 'urn:uuid:a1', deletedArtifacts: [{ artifactName: 'model-6f1d', artifactClass: 'x' }] } };
      const named = { ...receipt, credentialSubject: { ...receipt.credentialSubject, deletedArtifacts: [{ artifactName: `model-${createHash('sha256').update('urn:uuid:t1').digest('hex').slice(0, 24)}` }] } };
      await audit.append({ type: 'deletion', actor: COORDINATOR, agreementId: 'urn:uuid:a1', data: { receipt: receipt as never, sentTo: 'x' } });
      await audit.append({ type: 'deletion', actor: COORDINATOR, agreementId: 'urn:uuid:a1', data: { receipt: named as never, sentTo: 'x' } });
      const error = (await use().predict('urn:uuid:t1', { purpose: PURPOSE, rows: [ROW] }).catch((e: unknown) => e)) as ConnectorError;
      expect(error.code).toBe('MODEL_DELETED');
      expect(error.extensions?.receipts).toEqual([named]);
    });
  });
}
