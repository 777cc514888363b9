import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { transferInbound } from './transfer-inbound.js';
import type { TransferProcess, TransferRole } from './transfer-process.js';
import { TRANSFER_STATES, type TransferState } from './transfer-state.js';

let unit: TransferUnit;
afterEach(async () => unit.close());
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
type Kind = 'suspension' | 'completion' | 'termination';
const TYPES: Record<Kind, string> = { suspension: 'TransferSuspensionMessage', completion: 'TransferCompletionMessage', termination: 'TransferTerminationMessage' };
const message = (kind: Kind, t: TransferProcess, fields: Record<string, unknown> = {}) => ({
  '@context': CTX,
  '@type': TYPES[kind],
  providerPid: t.providerPid ?? 'urn:uuid:p-1',
  consumerPid: t.consumerPid,
  ...fields,
});
/** The handlers check the message before they return a promise: a malformed one throws at once. */
const outcome = (run: () => Promise<TransferProcess>) =>
  Promise.resolve()
    .then(run)
    .then(
      (t) => t.state,
      (e: unknown) => (e as ConnectorError).code,
    );

/**
 * (role, message) → the states it moves from; every other state refuses it with INVALID_TRANSITION, the final ones
 * and those the role never enters (a provider is never REQUESTING or RESUMING, a consumer never STARTING) included.
 */
const FROM: [TransferRole, Kind, TransferState, TransferState[]][] = [
  // A provider STARTING takes both (the consumer got our start, and our save of STARTED had not landed: start-delivered.ts).
  ['provider', 'suspension', 'SUSPENDED', ['STARTING', 'STARTED', 'SUSPENDING', 'COMPLETING']],
  ['consumer', 'suspension', 'SUSPENDED', ['STARTED', 'SUSPENDING']],
  ['provider', 'completion', 'COMPLETED', ['STARTING', 'STARTED', 'COMPLETING']],
  ['consumer', 'completion', 'COMPLETED', ['STARTED', 'COMPLETING']],
  ['provider', 'termination', 'TERMINATED', ['INITIAL', 'REQUESTED', 'STARTING', 'STARTED', 'SUSPENDING', 'SUSPENDED', 'COMPLETING', 'TERMINATING']],
  ['consumer', 'termination', 'TERMINATED', ['INITIAL', 'REQUESTING', 'REQUESTED', 'STARTED', 'SUSPENDING', 'SUSPENDED', 'RESUMING', 'COMPLETING', 'TERMINATING']],
];

describe('transfer inbound (suspension, completion, termination)', () => {
  it.each(FROM)('%s receives a %s: %s from exactly the listed states', async (role, kind, target, from) => {
    unit = await transferUnit();
    const inbound = transferInbound(unit.deps);
    for (const state of TRANSFER_STATES) {
      const t = await unit.seed({ role, state });
      const expected = from.includes(state) ? target : 'INVALID_TRANSITION';
      expect([state, await outcome(() => inbound[kind](t, message(kind, t)))]).toEqual([state, expected]);
      const stored = await unit.get(t.id);
      expect([state, stored.state, stored.version]).toEqual(from.includes(state) ? [state, target, t.version + 1] : [state, state, t.version]);
    }
  });

  it("suspension: clears the wait, records the peer's code and reasons in the cause, and reports the change", async () => {
    unit = await transferUnit();
    const changes: string[] = [];
    unit.deps.onChanged = (before, after) => void changes.push(`${before?.state}→${after.state}`);
    const t = await unit.seed({ role: 'provider', state: 'STARTED', pending: true });
    const after = await transferInbound(unit.deps).suspension(t, message('suspension', t, { code: 'PAUSE', reason: ['maintenance', { detail: 1 }] }));
    expect(after).toMatchObject({ state: 'SUSPENDED', pending: false });
    expect(after.history.at(-1)).toEqual({ state: 'SUSPENDED', at: unit.clock.now(), cause: 'TransferSuspensionMessage received: PAUSE; maintenance; {"detail":1}' });
    expect(changes).toEqual(['STARTED→SUSPENDED']);
  });

  it.each([
    ['provider', 'STARTED', undefined, 'consumer'],
    ['provider', 'SUSPENDING', 'provider', 'provider'],
    ['consumer', 'STARTED', undefined, 'provider'],
    ['consumer', 'SUSPENDING', 'consumer', 'provider'],
  ] as const)("suspension: a %s in %s (suspended by %s) records it as the %s's", async (role, state, before, by) => {
    unit = await transferUnit();
    const t = await unit.seed({ role, state, ...(before ? { suspendedBy: before } : {}) });
    expect(await transferInbound(unit.deps).suspension(t, message('suspension', t))).toMatchObject({ state: 'SUSPENDED', suspendedBy: by });
  });

  it('termination: keeps the reason, or says the counterparty ended it', async () => {
    unit = await transferUnit();
    const inbound = transferInbound(unit.deps);
    const a = await unit.seed({ role: 'consumer', state: 'STARTED' });
    expect(await inbound.termination(a, message('termination', a, { code: 'E1', reason: ['revoked'] }))).toMatchObject({ state: 'TERMINATED', terminationReason: 'E1; revoked' });
    const b = await unit.seed({ role: 'consumer', state: 'REQUESTED' });
    expect(await inbound.termination(b, message('termination', b))).toMatchObject({ terminationReason: 'terminated by the counterparty' });
  });

  it('termination: stores a long reason list cut to 1,000 characters (as our own outbound reasons)', async () => {
    unit = await transferUnit();
    const t = await unit.seed({ role: 'provider', state: 'STARTED' });
    const reason = Array.from({ length: 20 }, (_, i) => `${i}`.repeat(1000));
    const after = await transferInbound(unit.deps).termination(t, message('termination', t, { code: 'C'.repeat(200), reason }));
    expect(after.terminationReason).toHaveLength(1000);
    expect(after.terminationReason).toBe(`${'C'.repeat(200)}; ${'0'.repeat(798)}`);
    expect((await unit.get(t.id)).terminationReason).toHaveLength(1000);
  });

  it('refuses a malformed message (VALIDATION_FAILED) and changes nothing', async () => {
    unit = await transferUnit();
    const t = await unit.seed({ role: 'provider', state: 'STARTED' });
    expect(await outcome(() => transferInbound(unit.deps).suspension(t, message('suspension', t, { reason: [] })))).toBe('VALIDATION_FAILED');
    expect(await outcome(() => transferInbound(unit.deps).completion(t, message('completion', t, { consumerPid: undefined })))).toBe('VALIDATION_FAILED');
    expect((await unit.get(t.id)).version).toBe(t.version);
  });
});
