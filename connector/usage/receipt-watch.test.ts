import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../core/index.js';
import { AuditLog } from '../audit/index.js';
import type { AgreementStore, ContractAgreement } from '../negotiation/agreement/contract-agreement.js';
import type { DutyTimer } from './index.js';
import { SqlSuspensionStore } from '../store/sql/sql-suspension-store.js';
import { SqlDutyTimerStore } from '../store/sql/sql-duty-timer-store.js';
import { storesOn } from '../store/sql/create-stores.js';
import type { StateChangeRelay } from '../store/sql/outbox/state-change-relay.js';
import type { WebhookDispatcher } from '../webhooks/index.js';
import { BACKENDS, freshDatabase } from '../../test/helpers/test-database.js';
import type { Database } from '../store/database.js';
import { receiptWatch, type ReceiptWatch } from './receipt-watch.js';
import type { SiteSession } from '../training/site/site-session.js';

const HOUR = 3_600_000;
const SITE = 'did:web:site.example';
const COORDINATOR = 'did:web:coordinator.example';
const policy = {
  permission: [{ action: 'use' }],
  obligation: [
    {
      action: 'delete',
      assignee: COORDINATOR,
      target: 'urn:kontor:artifact-class:model-artifacts',
      constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'PT1H' }],
      consequence: [{ action: 'inform' }],
    },
    { action: 'delete', assignee: SITE, constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P1D' }] }, // our own duty: not watched
  ],
};
const agreements = { findById: async (id: string) => (id === 'agr' ? ({ id, policy } as unknown as ContractAgreement) : undefined) } as unknown as AgreementStore;
const session = (roundsDone: number, createdAt: number): SiteSession => ({
  transferId: 'tp-1',
  agreementId: 'agr',
  coordinatorDid: COORDINATOR,
  assetId: 'a',
  roundsDone,
  evaluationsDone: roundsDone,
  lastRound: roundsDone,
  lastEvaluation: roundsDone,
  usedTokens: [],
  status: 'ended',
  createdAt,
  updatedAt: createdAt,
});

describe.each(BACKENDS)('the receipt watch (attack table row 12: no receipt by the deadline → inform, then suspend) on $backend', ({ backend, skip }) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let clock: FixedClock;
  let duties: SqlDutyTimerStore;
  let suspensions: SqlSuspensionStore;
  let audit: AuditLog;
  let watch: ReceiptWatch;
  let relay: StateChangeRelay;
  let webhookEvents: { event: string; payload: Record<string, unknown> }[];
  let informed: { step: string; counterparty: string }[];
  /** One sweep as the duty runner does it: claim what is due, run it (a step completes its duty with its records). */
  const sweep = async (): Promise<DutyTimer[]> => {
    const due = await duties.claimDue({ now: clock.now(), owner: 'w', leaseMs: 60_000, limit: 10 });
    for (const d of due) expect(await watch.run(d, 'w')).toBe(true);
    return due;
  };
  /** The escalation steps in the audit log, once the relay appended what the steps committed to the outbox. */
  const escalations = async () => {
    await relay.tick();
    return (await audit.query({ agreementId: 'agr' })).items.filter((e) => e.type === 'usage.escalation').map((e) => (e.data as { step: string }).step);
  };
  const receive = (transfer = 'tp-1') =>
    audit.append({
      type: 'deletion',
      actor: COORDINATOR,
      agreementId: 'agr',
      data: { receipt: { id: `urn:uuid:r-${transfer}`, credentialSubject: { agreement: 'agr', transfer } }, receivedFrom: COORDINATOR },
    });

  beforeEach(async ({ skip: skipTest }) => {
    if (skip) return skipTest();
    ({ database, cleanup } = await freshDatabase(backend));
    clock = new FixedClock(Date.parse('2026-06-01T00:00:00Z'));
    duties = new SqlDutyTimerStore(database, clock);
    suspensions = new SqlSuspensionStore(database, clock);
    const stores = storesOn(database, clock);
    audit = new AuditLog(stores.audit, clock);
    webhookEvents = [];
    const webhooks = {
      planner: async () => (event: string, payload: Record<string, unknown>) => {
        webhookEvents.push({ event, payload });
        return [];
      },
      loop: { wake: () => undefined },
    } as unknown as Pick<WebhookDispatcher, 'planner' | 'loop'>;
    relay = stores.stateChangeRelay({
      audit,
      webhooks,
      clock,
      logger: silentLogger,
      recordsOf: () => {
        throw new Error('no state changes here');
      },
      idleWaitMs: 60_000,
    });
    informed = [];
    const recorder = stores.changeRecorder(() => undefined);
    watch = receiptWatch({
      duties,
      agreements,
      audit,
      recorder,
      self: SITE,
      clock,
      logger: silentLogger,
      graceMs: 5 * 60_000,
      suspendAfterMs: HOUR,
      inform: (e) => void informed.push(e),
    });
  });
  afterEach(async () => (skip ? undefined : cleanup()));

  it("should watch only the coordinator's delete duties, due at the deadline plus the grace, once", async () => {
    await watch.watch(session(3, clock.now()));
    await watch.watch(session(3, clock.now())); // the session end is reported twice (cut and completion)
    const { items } = await duties.list({ offset: 0, limit: 10 });
    expect(items.map((d) => [d.action, d.dueAt - clock.now()])).toEqual([['await-receipt', HOUR + 5 * 60_000]]);
    expect(items[0]?.payload).toMatchObject({ counterparty: COORDINATOR, obligation: 0, consequence: ['inform'] });
  });

  it('should not watch a session that served no rounds (nothing derived from our data left)', async () => {
    await watch.watch(session(0, clock.now()));
    expect((await duties.list({ offset: 0, limit: 10 })).total).toBe(0);
  });

  it('should close the watch quietly when the receipt arrived in time', async () => {
    await watch.watch(session(2, clock.now()));
    await receive();
    clock.advance(2 * HOUR);
    expect(await sweep()).toHaveLength(1);
    expect(await escalations()).toEqual([]);
    expect(await suspensions.find(COORDINATOR)).toBeUndefined();
    expect((await duties.list({ states: ['pending'], offset: 0, limit: 10 })).total).toBe(0);
  });

  it('should not count a receipt for another transfer under the same agreement (another training): it escalates', async () => {
    await watch.watch(session(2, clock.now()));
    await receive('tp-other');
    clock.advance(2 * HOUR);
    await sweep();
    expect(await escalations()).toEqual(['inform']);
  });

  it('should count a receipt that overtook the end of the session, and not one received before the session started (another training)', async () => {
    const started = clock.now();
    clock.advance(60_000);
    await receive(); // the coordinator deleted (PT0S) and its receipt came before the transfer's completion message
    clock.advance(1_000);
    await watch.watch(session(2, started));
    clock.advance(2 * HOUR);
    expect(await sweep()).toHaveLength(1);
    expect(await escalations()).toEqual([]);
  });

  it('should not count a receipt that was received before the session started (another training)', async () => {
    await receive();
    clock.advance(1_000);
    await watch.watch(session(2, clock.now()));
    clock.advance(2 * HOUR);
    await sweep();
    expect(await escalations()).toEqual(['inform']);
  });

  it('should inform at the deadline, then suspend the coordinator when the receipt is still missing', async () => {
    await watch.watch(session(2, clock.now()));
    clock.advance(HOUR + 4 * 60_000);
    expect(await sweep()).toEqual([]); // within the grace
    clock.advance(2 * 60_000);
    await sweep();
    expect(await escalations()).toEqual(['inform']);
    expect(informed).toEqual([expect.objectContaining({ step: 'inform', counterparty: COORDINATOR })]);
    expect(await suspensions.find(COORDINATOR)).toBeUndefined();
    clock.advance(HOUR);
    await sweep();
    expect(await escalations()).toEqual(['inform', 'suspend']);
    expect(await suspensions.find(COORDINATOR)).toMatchObject({
      source: 'missed-deadline',
      agreementId: 'agr',
      reason: expect.stringMatching(/no deletion receipt for agreement agr/),
    });
    expect(informed.map((e) => e.step)).toEqual(['inform', 'suspend']);
    expect(webhookEvents).toEqual([
      { event: 'usage.escalated', payload: expect.objectContaining({ step: 'inform', agreementId: 'agr', counterparty: COORDINATOR }) },
      { event: 'usage.escalated', payload: expect.objectContaining({ step: 'suspend', agreementId: 'agr', counterparty: COORDINATOR }) },
    ]);
  });

  it('should record an inform step run again after a crash (committed, duty not completed) once, and its next step once', async () => {
    await watch.watch(session(2, clock.now()));
    clock.advance(2 * HOUR);
    const [due] = await duties.claimDue({ now: clock.now(), owner: 'w', leaseMs: 60_000, limit: 10 });
    if (!due) throw new Error('no duty due');
    expect(await watch.run(due, 'w')).toBe(true); // committed; the process dies before anything else
    expect(await watch.run(due, 'w')).toBe(true); // and the step is run again all the same
    expect(await escalations()).toEqual(['inform']);
    expect((await duties.list({ states: ['pending'], offset: 0, limit: 10 })).items.map((d) => d.action)).toEqual(['suspend-party']);
  });

  it('should not suspend when the receipt arrives late, between inform and suspend, and record that', async () => {
    await watch.watch(session(2, clock.now()));
    clock.advance(2 * HOUR);
    await sweep();
    await receive();
    clock.advance(HOUR);
    await sweep();
    expect(await escalations()).toEqual(['inform', 'resolved']);
    expect(await suspensions.find(COORDINATOR)).toBeUndefined();
  });

  it('should suspend once when the suspend step runs again after its commit, and not undo a lift by the operator', async () => {
    await watch.watch(session(2, clock.now()));
    clock.advance(2 * HOUR);
    await sweep();
    clock.advance(HOUR);
    const [due] = await duties.claimDue({ now: clock.now(), owner: 'w', leaseMs: 60_000, limit: 10 });
    if (due?.action !== 'suspend-party') throw new Error('no suspend step due');
    expect(await watch.run(due, 'w')).toBe(true); // committed; the process dies before anything else
    expect(await suspensions.lift(COORDINATOR)).toBeDefined(); // the operator lifts the suspension
    clock.advance(2 * 60_000); // the lease ran out
    expect(await duties.claimDue({ now: clock.now(), owner: 'x', leaseMs: 60_000, limit: 10 })).toEqual([]); // the step completed with its commit
    expect(await watch.run(due, 'w')).toBe(true); // and run again all the same (a stale copy), it does nothing
    expect(await suspensions.find(COORDINATOR)).toBeUndefined();
    expect(await escalations()).toEqual(['inform', 'suspend']);
    expect(informed.map((e) => e.step)).toEqual(['inform', 'suspend']);
    expect(webhookEvents.map((e) => e.payload.step)).toEqual(['inform', 'suspend']);
    expect((await duties.findById(due.id))?.state).toBe('done');
  });

  it('should leave the step to the worker that took its lease over (nothing committed by the late one)', async () => {
    await watch.watch(session(2, clock.now()));
    clock.advance(2 * HOUR);
    await sweep();
    clock.advance(HOUR);
    const [late] = await duties.claimDue({ now: clock.now(), owner: 'w', leaseMs: 60_000, limit: 10 });
    if (!late) throw new Error('no suspend step due');
    clock.advance(2 * 60_000);
    const [taken] = await duties.claimDue({ now: clock.now(), owner: 'x', leaseMs: 60_000, limit: 10 });
    if (!taken) throw new Error('the lease was not taken over');
    await expect(watch.run(late, 'w')).rejects.toMatchObject({ code: 'LEASE_HELD' });
    expect(await suspensions.find(COORDINATOR)).toBeUndefined();
    expect(await watch.run(taken, 'x')).toBe(true);
    expect(await suspensions.find(COORDINATOR)).toMatchObject({ source: 'missed-deadline' });
    expect(await escalations()).toEqual(['inform', 'suspend']);
  });

  it('should record nothing when the coordinator is already suspended (its first suspension stands)', async () => {
    await suspensions.suspend({ participantId: COORDINATOR, reason: 'by hand', source: 'operator' });
    await watch.watch(session(2, clock.now()));
    clock.advance(2 * HOUR);
    await sweep();
    clock.advance(HOUR);
    await sweep();
    expect(await escalations()).toEqual(['inform']);
    expect(informed.map((e) => e.step)).toEqual(['inform']);
    expect(await suspensions.find(COORDINATOR)).toMatchObject({ source: 'operator', reason: 'by hand' });
    expect((await duties.list({ states: ['pending', 'running'], offset: 0, limit: 10 })).total).toBe(0);
  });
});
