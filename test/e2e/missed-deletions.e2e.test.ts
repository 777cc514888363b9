import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import type { Training } from '../../connector/training/index.js';
import { planHash } from '../../connector/training/training-plan.js';
import { deletionDutyId } from '../../connector/usage/deletion-duties.js';
import { ShiftedClock } from '../helpers/shifted-clock.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

const MINUTE = 60_000;
const plan = penguinPlan({ clipNorm: 5, noiseMultiplier: 0.01 });

// A training saved COMPLETED whose after-work never ran (the process stopped between the save and the work): the
// connector's duty runner finds it and schedules its deletion duty, so the model is still shredded on time.
describe('a connector schedules the deletion duties a stopped process left unscheduled', () => {
  const clock = new ShiftedClock();
  let c: RunningConnector;
  beforeAll(async () => {
    c = await startConnector('sqlite', { clock }, { 'log.level': 'silent' });
  });
  afterAll(async () => c.stop());

  it('within one recovery interval of its duty runner, due as of the training’s end', async () => {
    const self = c.connector.config.participantId;
    const endedAt = clock.now() - 5 * MINUTE;
    await c.connector.stores.agreements.save({
      id: 'urn:uuid:agr-1',
      negotiationId: 'urn:uuid:n-1',
      assigner: 'did:web:site.example',
      assignee: self,
      assetId: 'penguins',
      policy: {
        permission: [{ action: 'use' }],
        obligation: [{ action: 'delete', assignee: self, constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P7D' }] }],
      },
      signedAt: endedAt - MINUTE,
      status: 'active',
    });
    const training: Training = {
      id: 'urn:uuid:t-1',
      state: 'COMPLETED',
      stateCount: 1,
      stateTimestamp: endedAt,
      nextAttemptAt: endedAt,
      pending: false,
      version: 0,
      createdAt: endedAt - MINUTE,
      updatedAt: endedAt,
      purpose: 'https://w3id.org/kontor/purpose/federated-training',
      plan,
      planHash: planHash(plan),
      rounds: 2,
      currentRound: 2,
      minSites: 1,
      roundTimeoutMs: 1000,
      sites: [{ agreementId: 'urn:uuid:agr-1', siteDid: 'did:web:site.example', status: 'active' }],
      global: [0.1, 0.2],
      metrics: [],
      checkpoints: [],
      rejected: [],
    };
    await c.connector.stores.trainings.save(training);
    const dutyId = deletionDutyId(training.id, 'urn:uuid:agr-1', 0);
    // The runner looked at start-up, before the training was there; it looks again after its interval (10 minutes).
    await c.connector.training.dutyRunner.tick();
    expect(await c.connector.stores.dutyTimers.findById(dutyId)).toBeUndefined();
    clock.offsetMs += 10 * MINUTE;
    await c.connector.training.dutyRunner.tick();
    expect(await c.connector.stores.dutyTimers.findById(dutyId)).toMatchObject({ state: 'pending', action: 'delete', dueAt: endedAt + 7 * 24 * 60 * MINUTE });
    expect((await c.connector.training.vault.list('urn:uuid:agr-1', 'urn:kontor:artifact-class:model-artifacts')).map((a) => a.artifactName)).toHaveLength(1);
  });
});
