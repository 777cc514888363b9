import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../core/index.js';
import { AuditLog, MemoryAuditStore } from '../audit/index.js';
import { penguinPlan } from '../training/backend/baselines.js';
import type { Training } from '../training/training.js';
import { planHash } from '../training/training-plan.js';
import { storesOn, type Stores } from '../store/sql/create-stores.js';
import type { Database } from '../store/database.js';
import { freshDatabase } from '../../test/helpers/test-database.js';
import { ArtifactVault } from './artifact-vault.js';
import { deletionDutyId, MODEL_ARTIFACTS, storeModelAndScheduleDeletion } from './deletion-duties.js';
import { DutyRunner } from './duty-runner.js';
import { scheduleMissedDeletionsOf } from './missed-deletions.js';
import { MemoryArtifactKeyStore } from './memory-artifact-key-store.js';
import { recoverTrainingAfterWork } from '../training-after-work.js';

const SELF = 'did:web:coordinator.example';
const DAY = 86_400_000;
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });
const deleteWithin = (duration: string) => ({
  permission: [{ action: 'use' }],
  obligation: [{ action: 'delete', assignee: SELF, constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: duration }] }],
});

describe('missed deletion duties of ended trainings (a crash or a failure after the training’s last save)', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let stores: Stores;
  let vault: ArtifactVault;
  let dir: string;
  const clock = new FixedClock(Date.parse('2027-03-01T00:00:00Z'));
  const busy = new Set<string>();
  /** The recovery as the connector runs it (training-after-work.ts), here with no transfers and no identity: the deletions it scheduled. */
  const recover = async (pageSize?: number) =>
    (
      await recoverTrainingAfterWork({
        ...(pageSize ? { pageSize } : {}),
        claims: stores.afterWork,
        owner: 'replica-1',
        head: (id) => stores.trainings.findHeadById(id),
        vault,
        duties: stores.dutyTimers,
        agreements: stores.agreements,
        self: SELF,
        clock,
        logger: silentLogger,
        busy: (id) => busy.has(id),
        full: (id) => stores.trainings.getById(id),
        endpointOf: async () => undefined,
        endTransfer: async () => undefined,
        provenance: undefined,
      })
    ).deletions;
  const training = (id: string, state: Training['state'], endedAgo: number, over = ['urn:uuid:a1']): Training => ({
    id,
    state,
    stateCount: 1,
    stateTimestamp: clock.now() - endedAgo,
    nextAttemptAt: clock.now(),
    pending: false,
    version: 0,
    createdAt: clock.now() - endedAgo - 1000,
    updatedAt: clock.now() - endedAgo,
    purpose: 'https://w3id.org/kontor/purpose/federated-training',
    plan,
    planHash: planHash(plan),
    rounds: 3,
    currentRound: 3,
    minSites: 1,
    roundTimeoutMs: 1000,
    sites: over.map((agreementId) => ({ agreementId, siteDid: `did:web:${agreementId.slice(-2)}.example`, status: 'active' as const })),
    global: [0.5, -0.25],
    metrics: [],
    checkpoints: [],
    rejected: [],
  });
  const agreement = async (id: string, duration: string | undefined) =>
    stores.agreements.save({
      id,
      negotiationId: `n-${id}`,
      assigner: `did:web:${id.slice(-2)}.example`,
      assignee: SELF,
      assetId: 'asset',
      policy: duration ? deleteWithin(duration) : { permission: [{ action: 'use' }] },
      signedAt: clock.now() - 10 * DAY,
      status: 'active',
    });
  const duty = (trainingId: string, agreementId = 'urn:uuid:a1') => stores.dutyTimers.findById(deletionDutyId(trainingId, agreementId, 0));
  const modelFiles = async (agreementId = 'urn:uuid:a1') => (await vault.list(agreementId, MODEL_ARTIFACTS)).map((a) => a.artifactName);

  beforeEach(async () => {
    ({ database, cleanup } = await freshDatabase('sqlite'));
    stores = storesOn(database, clock);
    dir = mkdtempSync(join(tmpdir(), 'kontor-missed-deletions-'));
    vault = new ArtifactVault(dir, new MemoryArtifactKeyStore(clock), clock);
    busy.clear();
    await agreement('urn:uuid:a1', 'P1D');
  });
  afterEach(async () => {
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores the model and schedules the duty as of the training’s end, for every ended state; once', async () => {
    await agreement('urn:uuid:a2', 'PT1H');
    await stores.trainings.save(training('done', 'COMPLETED', 2 * 60_000, ['urn:uuid:a1', 'urn:uuid:a2']));
    await stores.trainings.save(training('stopped', 'STOPPED', 2 * DAY));
    await stores.trainings.save(training('failed', 'FAILED', 5 * 60_000));
    expect((await recover()).sort()).toEqual(['done', 'failed', 'stopped']);
    const ended = clock.now() - 2 * 60_000;
    expect(await duty('done')).toMatchObject({ state: 'pending', action: 'delete', dueAt: ended + DAY });
    expect(await duty('done', 'urn:uuid:a2')).toMatchObject({ state: 'pending', dueAt: ended + 3_600_000 });
    // Ended two days ago with one day to delete: due in the past, so the next sweep runs it (late, as recorded).
    expect((await duty('stopped'))?.dueAt).toBe(clock.now() - DAY);
    expect(await modelFiles()).toHaveLength(3);
    expect(await modelFiles('urn:uuid:a2')).toHaveLength(1);
    expect(await recover()).toEqual([]);
  });

  it('reads every page of ended trainings’ after-work items', async () => {
    for (let i = 0; i < 5; i++) await stores.trainings.save(training(`t${i}`, 'COMPLETED', 5 * 60_000));
    expect((await recover(2)).sort()).toEqual(['t0', 't1', 't2', 't3', 't4']);
  });

  it('leaves alone what its own work still does, what another replica’s work holds, what runs, and what needs no deletion', async () => {
    await stores.trainings.save(training('busy', 'COMPLETED', 5 * 60_000));
    busy.add('busy');
    await stores.trainings.save(training('held', 'COMPLETED', 10_000));
    expect(await stores.afterWork.claim('held', 'replica-2', 60_000)).toBe(true);
    await stores.trainings.save({ ...training('running', 'RUNNING', 5 * 60_000) });
    await stores.trainings.save({ ...training('no-rounds', 'FAILED', 5 * 60_000), currentRound: 0 });
    await agreement('urn:uuid:a3', undefined);
    await stores.trainings.save(training('no-duty', 'COMPLETED', 5 * 60_000, ['urn:uuid:a3']));
    expect(await recover()).toEqual([]);
    expect(await modelFiles()).toEqual([]);
    expect(await modelFiles('urn:uuid:a3')).toEqual([]);
  });

  it('schedules, as of its end, the duties a training that stored no model owes the sites it asked for round 1; writes no model; once', async () => {
    await agreement('urn:uuid:a2', 'PT1H');
    const asked = { ...training('round-one', 'FAILED', 2 * 60_000, ['urn:uuid:a1', 'urn:uuid:a2']), currentRound: 0 };
    // a2's site was never asked (no transfer with it started): nothing was held of it, no duty.
    await stores.trainings.save({ ...asked, sites: asked.sites.map((s) => (s.agreementId === 'urn:uuid:a1' ? { ...s, endpoint: 'https://a1.example/api/training/tp-1' } : s)) });
    expect(await recover()).toEqual(['round-one']);
    expect(await duty('round-one')).toMatchObject({ state: 'pending', action: 'delete', dueAt: clock.now() - 2 * 60_000 + DAY, payload: { unaggregatedRound: 1 } });
    expect(await duty('round-one', 'urn:uuid:a2')).toBeUndefined();
    expect(await modelFiles()).toEqual([]);
    const deps = { vault, duties: stores.dutyTimers, agreements: stores.agreements, self: SELF, clock, logger: silentLogger };
    expect(await scheduleMissedDeletionsOf(deps, await stores.trainings.getById('round-one'))).toBe(false); // scheduled: nothing more
  });

  it('never writes a model again once a duty shredded it, nor where its duties are scheduled already', async () => {
    const deps = { vault, duties: stores.dutyTimers, agreements: stores.agreements, self: SELF, clock, logger: silentLogger };
    // Shredded: the duty ran and the model was dropped from the record.
    await stores.trainings.save({ ...training('shredded', 'COMPLETED', 3 * DAY), global: [] });
    // One duty ran (a2's artifacts shredded) but dropping the model from the record failed, and a1's duty is missing:
    // doing the work again would write the model under a2 again.
    await agreement('urn:uuid:a2', 'PT1H');
    await stores.trainings.save(training('dropped-late', 'COMPLETED', 3 * DAY, ['urn:uuid:a1', 'urn:uuid:a2']));
    await vault.write({ agreementId: 'urn:uuid:a2', artifactClass: MODEL_ARTIFACTS, artifactName: 'model-x' }, Buffer.from('{}'));
    await stores.dutyTimers.schedule({ id: deletionDutyId('dropped-late', 'urn:uuid:a2', 0), agreementId: 'urn:uuid:a2', action: 'delete', dueAt: clock.now() - DAY });
    const [claimed] = await stores.dutyTimers.claimDue({ now: clock.now(), owner: 'w', leaseMs: 60_000, limit: 1 });
    await stores.dutyTimers.complete(claimed?.id ?? '', 'w');
    await vault.shred('urn:uuid:a2', MODEL_ARTIFACTS);
    // Scheduled by its own work: nothing to do.
    const fine = training('fine', 'COMPLETED', 5 * 60_000);
    await stores.trainings.save(fine);
    await storeModelAndScheduleDeletion(deps, fine);
    const filesBefore = await modelFiles();
    expect(await recover()).toEqual([]);
    expect(await modelFiles()).toEqual(filesBefore);
    expect(await modelFiles('urn:uuid:a2')).toEqual([]);
    expect(await duty('shredded')).toBeUndefined();
    expect(await duty('dropped-late')).toBeUndefined();
    expect((await duty('dropped-late', 'urn:uuid:a2'))?.state).toBe('done');
  });

  it('the after-work itself writes no model under an agreement whose duty ran already, and schedules the others', async () => {
    await agreement('urn:uuid:a2', 'PT1H');
    const t = training('t', 'COMPLETED', 3 * DAY, ['urn:uuid:a1', 'urn:uuid:a2']);
    await stores.dutyTimers.schedule({ id: deletionDutyId('t', 'urn:uuid:a2', 0), agreementId: 'urn:uuid:a2', action: 'delete', dueAt: clock.now() - DAY });
    await stores.dutyTimers.claimDue({ now: clock.now(), owner: 'w', leaseMs: 60_000, limit: 1 }); // running now: a2's artifacts are being shredded
    await storeModelAndScheduleDeletion({ vault, duties: stores.dutyTimers, agreements: stores.agreements, self: SELF, clock, logger: silentLogger }, t);
    expect(await modelFiles('urn:uuid:a2')).toEqual([]);
    expect(await modelFiles('urn:uuid:a1')).toHaveLength(1);
    expect((await duty('t', 'urn:uuid:a1'))?.state).toBe('pending');
  });

  it('runs from the duty runner before its first sweep claims, and then at most every interval', async () => {
    await stores.trainings.save(training('stopped', 'STOPPED', 2 * DAY));
    let runs = 0;
    const audit = new AuditLog(new MemoryAuditStore(), clock);
    const runner = new DutyRunner({
      duties: stores.dutyTimers,
      vault,
      forgetModel: async (id) => {
        const t = await stores.trainings.getById(id);
        await stores.trainings.save({ ...t, global: [] });
      },
      audit,
      runtime: undefined,
      auth: { participantId: SELF } as never,
      outbound: {} as never,
      clock,
      ids: { next: () => 'x' },
      logger: silentLogger,
      owner: 'w',
      recover: {
        run: async () => {
          runs += 1;
          return recover();
        },
        everyMs: 60_000,
      },
    });
    // One sweep: the recovery schedules the overdue duty, and the same sweep runs it (shred, audit, model dropped).
    expect(await runner.tick()).toBe(1);
    expect(runs).toBe(1);
    expect((await duty('stopped'))?.state).toBe('done');
    expect((await stores.trainings.getById('stopped')).global).toEqual([]);
    expect((await audit.query({ agreementId: 'urn:uuid:a1' })).items.map((e) => (e.data as { late?: boolean }).late)).toContain(true);
    await runner.tick();
    expect(runs).toBe(1);
    clock.advance(60_000);
    await runner.tick();
    expect(runs).toBe(2);
  });

  it('a recovery that fails is logged and the sweep goes on with the duties due', async () => {
    await stores.dutyTimers.schedule({
      id: 'd1',
      agreementId: 'urn:uuid:a1',
      action: 'delete',
      dueAt: clock.now(),
      payload: { artifactClass: MODEL_ARTIFACTS, trainingId: 'gone', siteDid: 'did:web:a1.example', endpoint: null, consequence: [] },
    });
    const warned: string[] = [];
    const runner = new DutyRunner({
      duties: stores.dutyTimers,
      vault,
      forgetModel: async () => undefined,
      audit: new AuditLog(new MemoryAuditStore(), clock),
      runtime: undefined,
      auth: { participantId: SELF } as never,
      outbound: {} as never,
      clock,
      ids: { next: () => 'x' },
      logger: { ...silentLogger, warn: (_fields: unknown, message?: string) => void warned.push(String(message)) },
      owner: 'w',
      recover: {
        run: async () => {
          throw new Error('store down');
        },
      },
    });
    expect(await runner.tick()).toBe(1);
    expect((await stores.dutyTimers.findById('d1'))?.state).toBe('done');
    expect(warned).toContain('recovering missed after-work failed');
  });
});
