import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../core/index.js';
import { freshDatabase } from '../../test/helpers/test-database.js';
import { fakeSites, kitPlan } from '../../test/helpers/training-fake-sites.js';
import { AuditLog, MemoryAuditStore } from '../audit/index.js';
import type { Database } from '../store/database.js';
import { storesOn, type Stores } from '../store/sql/create-stores.js';
import { newEntity } from '../statemachine/new-entity.js';
import { ArtifactVault, DutyRunner, MemoryArtifactKeyStore, storeModelAndScheduleDeletion } from '../usage/index.js';
import { Coordinator } from './coordinator/coordinator.js';
import { modelForgetter } from './model-state.js';
import type { Training } from './training.js';

const SELF = 'did:web:coordinator.example';
const HOUR = 3_600_000;
const clock = new FixedClock(Date.parse('2027-03-01T00:00:00Z'));
let kit: Awaited<ReturnType<typeof fakeSites>>;
let database: Database;
let stores: Stores;
let cleanup: () => Promise<void>;
let dir: string;
let vault: ArtifactVault;

beforeEach(async () => {
  ({ database, cleanup } = await freshDatabase('sqlite'));
  stores = storesOn(database, clock);
  dir = mkdtempSync(join(tmpdir(), 'kontor-model-state-'));
  vault = new ArtifactVault(dir, new MemoryArtifactKeyStore(clock), clock);
  kit = await fakeSites(3);
  for (const site of kit.sites)
    await stores.agreements.save({
      id: site.agreementId,
      negotiationId: `n-${site.agreementId}`,
      assigner: site.siteDid,
      assignee: SELF,
      assetId: 'asset',
      policy: {
        permission: [{ action: 'use' }],
        obligation: [{ action: 'delete', assignee: SELF, constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'PT1H' }] }],
      },
      signedAt: clock.now() - HOUR,
      status: 'active',
    });
});
afterEach(async () => {
  await kit.close();
  await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** The training's stored body (its JSON column, as the row holds it; state and version are columns of their own). */
async function storedBody(id: string): Promise<Record<string, unknown>> {
  const row = await database.db.selectFrom('fl_trainings').select('body').where('id', '=', id).executeTakeFirstOrThrow();
  const body = (row as { body: unknown }).body;
  return (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown>;
}

const coordinator = () =>
  new Coordinator({
    ...kit.deps,
    clock,
    store: stores.trainings,
    ids: { next: () => 'unused' },
    owner: 'coordinator',
    retry: { limit: 3, baseMs: 100, capMs: 1_000 },
    startTransfer: async () => 'unused',
    endpointOf: async () => undefined,
  });

/** Three rounds under FedAdam with the last two averaged (tailAverage 2): after round 2 the record holds round 2's model twice. */
const inTail = (): Training => ({
  ...kit.training({
    plan: { ...kitPlan, aggregation: { strategy: 'fedadam', serverLearningRate: 0.1, tailAverage: 2 } } as Training['plan'],
    scaling: { mean: [0, 0], std: [1, 1] },
    minSites: 3,
    rounds: 3,
  }),
  ...newEntity('RUNNING', clock.now()),
});

/** The `delete` duties of every site's agreement, scheduled as at the training's end and run when due. */
async function runDeletionDuties(t: Training): Promise<void> {
  await storeModelAndScheduleDeletion({ vault, duties: stores.dutyTimers, agreements: stores.agreements, self: SELF, clock, logger: silentLogger }, t);
  clock.advance(HOUR + 1);
  const runner = new DutyRunner({
    duties: stores.dutyTimers,
    vault,
    forgetModel: modelForgetter(stores.trainings),
    audit: new AuditLog(new MemoryAuditStore(), clock),
    runtime: undefined,
    auth: { participantId: SELF } as never,
    outbound: {} as never,
    clock,
    ids: { next: () => 'x' },
    logger: silentLogger,
    owner: 'w',
  });
  expect(await runner.tick()).toBe(3);
}

const MODEL_STATE = ['serverOptimizer', 'tailAverage'];

describe('model state in the training record (deletion receipts vouch that none is left)', () => {
  it('a training that fails inside its tail drops the tail sum and the optimizer moments; its deletion duty then leaves no model state', async () => {
    const c = coordinator();
    await stores.trainings.save(inTail());
    expect(await c.loop.tick()).toBe(1);
    expect(await c.loop.tick()).toBe(1);
    const id = kit.training().id;
    const afterTwo = await storedBody(id);
    expect(afterTwo).toMatchObject({ currentRound: 2, tailAverage: { count: 1 }, serverOptimizer: {} });
    expect((afterTwo.tailAverage as { sum: number[] }).sum).toEqual(afterTwo.global); // with k = 2: round 2's model itself
    for (const site of kit.sites) kit.suspendedAtSite.add(site.siteDid); // round 3 closes with none: the training fails
    expect(await c.loop.tick()).toBe(1);
    const failed = await storedBody(id);
    expect((await stores.trainings.getById(id)).state).toBe('FAILED');
    expect(failed.currentRound).toBe(2);
    for (const key of MODEL_STATE) expect(failed).not.toHaveProperty(key);
    expect((failed.global as number[]).length).toBeGreaterThan(0); // kept until the deletion duty
    await runDeletionDuties(await stores.trainings.getById(id));
    const deleted = await storedBody(id);
    expect(deleted.global).toEqual([]);
    for (const key of MODEL_STATE) expect(deleted).not.toHaveProperty(key);
  });

  it('a training stopped through the API inside its tail drops them too', async () => {
    const c = coordinator();
    await stores.trainings.save(inTail());
    await c.loop.tick();
    await c.loop.tick();
    await c.stop(kit.training().id);
    expect((await stores.trainings.getById(kit.training().id)).state).toBe('STOPPED');
    const stopped = await storedBody(kit.training().id);
    for (const key of MODEL_STATE) expect(stopped).not.toHaveProperty(key);
  });

  it('the deletion duty forgets every plain copy of model state, also in a record that still holds the tail sum and the moments', async () => {
    // As stored before ended trainings dropped them: FAILED in round 3 of 3 under tailAverage 2 and FedAdam.
    const t: Training = {
      ...inTail(),
      state: 'FAILED',
      currentRound: 2,
      global: [1, 2, 3, 4, 5, 6],
      tailAverage: { sum: [1, 2, 3, 4, 5, 6], count: 1 },
      serverOptimizer: { m: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1], v: [0.2, 0.2, 0.2, 0.2, 0.2, 0.2] },
    };
    await stores.trainings.save(t);
    await runDeletionDuties(await stores.trainings.getById(t.id));
    const deleted = await storedBody(t.id);
    expect(deleted.global).toEqual([]);
    for (const key of MODEL_STATE) expect(deleted).not.toHaveProperty(key);
    expect(JSON.stringify(deleted)).not.toContain('[1,2,3,4,5,6]');
  });
});
