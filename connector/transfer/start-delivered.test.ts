import { afterEach, describe, expect, it } from 'vitest';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { allowedAgent } from '../../test/helpers/provider-negotiation-harness.js';
import { providerTransferProtocol } from './provider-transfer-protocol.js';
import { transferInbound } from './transfer-inbound.js';
import type { TransferProcess } from './transfer-process.js';

let unit: TransferUnit;
afterEach(async () => unit.close());
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const pids = (t: TransferProcess) => ({ '@context': CTX, providerPid: t.id, consumerPid: t.consumerPid });
const completion = (t: TransferProcess) => ({ ...pids(t), '@type': 'TransferCompletionMessage' });
const suspension = (t: TransferProcess) => ({ ...pids(t), '@type': 'TransferSuspensionMessage', code: 'pause', reason: ['later'] });
const DELIVERED = /^TransferStartMessage delivered: the consumer's Transfer(Completion|Suspension)Message shows it/;

/**
 * The provider sent TransferStartMessage and its save of STARTED has not landed: the replica died after the send (the
 * row stays STARTING, leased to the dead replica) or is still saving. The consumer, STARTED, pulls and completes (or
 * suspends): taken, through STARTED, and the start is not sent again.
 */
describe('a provider STARTING hears from a consumer that got its start', () => {
  it('completion after the replica died: COMPLETED through STARTED; no second start once the lease ran out', async () => {
    unit = await transferUnit();
    const changes: string[] = [];
    unit.deps.onChanged = (before, after) => void changes.push(`${before?.state}→${after.state}`);
    const seeded = await unit.seed({ role: 'provider', state: 'STARTING' });
    const t = await unit.stores.transfers.claimById(seeded.id, 'dead-replica', 10_000);
    const after = await transferInbound(unit.deps).completion(t, completion(t));
    expect(after).toMatchObject({ state: 'COMPLETED', pending: false });
    expect(after.history.map((h) => h.state)).toEqual(['STARTED', 'COMPLETED']);
    expect(after.history[0]?.cause).toMatch(DELIVERED);
    expect(changes).toEqual(['STARTING→COMPLETED']);
    unit.clock.advance(20_000);
    expect(await unit.tick()).toBe(0);
    expect(unit.peer.received).toEqual([]);
    expect((await unit.get(t.id)).state).toBe('COMPLETED');
  });

  it('suspension: SUSPENDED by the consumer through STARTED, and the consumer may resume it', async () => {
    unit = await transferUnit();
    const t = await unit.seed({ role: 'provider', state: 'STARTING', transferType: 'HttpData-PUSH' });
    const after = await transferInbound(unit.deps).suspension(t, suspension(t));
    expect(after).toMatchObject({ state: 'SUSPENDED', suspendedBy: 'consumer' });
    expect(after.history.map((h) => h.state)).toEqual(['STARTED', 'SUSPENDED']);
    expect(await unit.tick()).toBe(0);
    expect(unit.pushed).toEqual([]);
    const resumed = await providerTransferProtocol(unit.deps).start(after, allowedAgent, { ...pids(t), '@type': 'TransferStartMessage' });
    expect(resumed.state).toBe('COMPLETING');
    await unit.tick();
    expect(unit.pushed).toEqual([t.id]);
  });

  it('completion while the start step is still out (a fast consumer): the step loses its save; COMPLETED, nothing more sent', async () => {
    unit = await transferUnit();
    const t = await unit.seed({ role: 'provider', state: 'STARTING' });
    const inbound = transferInbound(unit.deps);
    let fast = true;
    unit.peer.during = async (received) => {
      if (fast && received.path.endsWith('/start')) await inbound.completion(t, completion(t)).catch(() => undefined);
      fast = false;
    };
    await unit.tick();
    await unit.tick();
    expect(unit.peer.received.map((r) => r.body['@type'])).toEqual(['TransferStartMessage']);
    const stored = await unit.get(t.id);
    expect(stored.state).toBe('COMPLETED');
    expect(stored.history.map((h) => h.state)).toEqual(['STARTED', 'COMPLETED']);
  });
});
