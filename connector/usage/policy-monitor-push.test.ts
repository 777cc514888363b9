import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { CONSUMER, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { DataFlowRegistry } from '../dataplane/data-flow-registry.js';
import { transferPolicy } from '../transfer/transfer-policy.js';
import { transferService } from '../transfer/transfer-service.js';
import type { TransferProcess } from '../transfer/transfer-process.js';
import { standingCheck } from './party-suspension.js';
import { PolicyMonitor } from './policy-monitor.js';

let unit: TransferUnit;
beforeEach(async () => (unit = await transferUnit({ self: PROVIDER })));
afterEach(async () => unit.close());

const agent = { id: CONSUMER, claims: { credentialTypes: [] } };

/** An agreement whose use ends an hour after now (a dateTime window). */
async function windowAgreement(): Promise<number> {
  const end = unit.clock.now() + 3_600_000;
  const constraint = { leftOperand: 'dateTime', operator: 'lt', rightOperand: { '@value': new Date(end).toISOString(), '@type': 'xsd:dateTime' } };
  await unit.stores.agreements.save({
    id: 'urn:uuid:agreement-1',
    negotiationId: 'n-1',
    assigner: PROVIDER,
    assignee: CONSUMER,
    assetId: 'asset-1',
    signedAt: unit.clock.now(),
    status: 'active',
    policy: { permission: [{ action: 'use', constraint: [constraint] }] },
  });
  return end;
}

/** The unit's push runs until its flow is cut: the loop's tick stays in it; `started` resolves once it streams. */
function blockingPush(registry: DataFlowRegistry) {
  let started!: () => void;
  const streaming = new Promise<void>((resolve) => (started = resolve));
  let cutWith: unknown;
  unit.deps.flows = {
    ...unit.deps.flows,
    push: async (t: TransferProcess) => {
      const flow = registry.track(t.id);
      try {
        await new Promise<void>((_resolve, reject) => {
          flow.signal.addEventListener('abort', () => {
            cutWith = flow.signal.reason;
            reject(cutWith);
          });
          started();
        });
      } finally {
        flow.done();
      }
    },
  };
  return { streaming, cutReason: () => String((cutWith as Error | undefined)?.message) };
}

function monitor(registry: DataFlowRegistry): PolicyMonitor {
  const service = transferService(unit.deps);
  return new PolicyMonitor({
    transfers: unit.stores.transfers,
    agreements: unit.stores.agreements,
    policy: transferPolicy({
      agreements: unit.stores.agreements,
      engine: createPolicyEngine(),
      clock: unit.clock,
      logger: silentLogger,
      participantId: PROVIDER,
      uses: unit.stores.transferUses,
    }),
    logger: silentLogger,
    suspended: standingCheck(unit.stores.suspensions),
    streams: registry,
    terminate: (id, reason) => service.terminate(id, reason),
  });
}

describe('the policy monitor and a provider push in progress (COMPLETING, not yet pushed)', () => {
  it.each([
    ['the window closes', 'window'],
    ['the operator suspends the consumer', 'suspension'],
  ] as const)('cuts the push mid-way and terminates the transfer when %s', async (_case, why) => {
    const end = await windowAgreement();
    const t = await unit.seed({ role: 'provider', state: 'COMPLETING', transferType: 'HttpData-PUSH', agent, useNumber: 1 });
    const registry = new DataFlowRegistry();
    const push = blockingPush(registry);
    const looping = unit.tick(); // the loop delivers the push: it stays COMPLETING while the data flows
    await push.streaming;
    const m = monitor(registry);
    expect(await m.tick()).toBe(0); // the agreement holds: the push goes on
    expect(registry.active(t.id)).toBe(1);

    if (why === 'window') unit.clock.set(end + 1);
    else await unit.stores.suspensions.suspend({ participantId: CONSUMER, reason: 'breach', source: 'operator' });
    expect(await m.tick()).toBe(1);
    expect(registry.active(t.id)).toBe(0);
    expect(push.cutReason()).toMatch(why === 'window' ? /^the agreement no longer holds: .*dateTime/ : /is suspended: by the operator$/);
    await looping;
    const after = await unit.get(t.id);
    expect(after.pushedAt).toBeUndefined(); // never marked delivered
    expect(['TERMINATING', 'TERMINATED']).toContain(after.state);
    expect(after.terminationReason).toBe(push.cutReason()); // the monitor's decision, not the cut push's failure
  });

  it('terminates a push another replica delivers (no stream here) once the window closed', async () => {
    const end = await windowAgreement();
    const t = await unit.seed({ role: 'provider', state: 'COMPLETING', transferType: 'HttpData-PUSH', agent, useNumber: 1 });
    unit.clock.set(end + 1);
    const ended: string[] = [];
    const m = new PolicyMonitor({ ...monitorDeps(), terminate: async (id) => void ended.push(id) });
    expect(await m.tick()).toBe(1);
    expect(ended).toEqual([t.id]);
  });

  it('leaves a COMPLETING transfer that is only sending its completion (the data already pushed) alone', async () => {
    await windowAgreement();
    unit.clock.advance(3_600_001);
    await unit.seed({ role: 'provider', state: 'COMPLETING', transferType: 'HttpData-PUSH', agent, useNumber: 1, pushedAt: unit.clock.now() });
    const ended: string[] = [];
    const m = new PolicyMonitor({ ...monitorDeps(), terminate: async (id) => void ended.push(id) });
    expect(await m.tick()).toBe(0);
    expect(ended).toEqual([]);
  });

  it('re-checks the policy of a stream the sweep did not list (ends it when the agreement lapsed)', async () => {
    const end = await windowAgreement();
    const t = await unit.seed({ role: 'provider', state: 'STARTED', transferType: 'HttpData-PULL', agent, useNumber: 1 });
    const registry = new DataFlowRegistry();
    const flow = registry.track(t.id);
    unit.clock.set(end + 1);
    const ended: string[] = [];
    const unlisted = { ...unit.stores.transfers, findById: (id: string) => unit.stores.transfers.findById(id), list: async () => ({ items: [], total: 0 }) };
    const m = new PolicyMonitor({ ...monitorDeps(), transfers: unlisted as typeof unit.stores.transfers, streams: registry, terminate: async (id) => void ended.push(id) });
    expect(await m.tick()).toBe(1);
    expect(ended).toEqual([t.id]);
    expect(flow.signal.aborted).toBe(true);
  });
});

function monitorDeps() {
  return {
    transfers: unit.stores.transfers,
    agreements: unit.stores.agreements,
    policy: transferPolicy({
      agreements: unit.stores.agreements,
      engine: createPolicyEngine(),
      clock: unit.clock,
      logger: silentLogger,
      participantId: PROVIDER,
      uses: unit.stores.transferUses,
    }),
    logger: silentLogger,
  };
}
