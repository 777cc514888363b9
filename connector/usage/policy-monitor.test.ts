import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, type Logger, silentLogger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { standingCheck } from './party-suspension.js';
import { PolicyMonitor } from './policy-monitor.js';
import type { TransferPolicy } from '../transfer/transfer-policy.js';
import type { TransferProcess } from '../transfer/transfer-process.js';

let unit: TransferUnit;
beforeEach(async () => (unit = await transferUnit()));
afterEach(async () => unit.close());

const agent: ParticipantAgent = { id: 'did:web:consumer.test', claims: { credentialTypes: ['MembershipCredential'] } };
const agreement = (id: string) => ({
  id,
  negotiationId: `n-${id}`,
  assigner: 'did:web:provider.test',
  assignee: 'did:web:consumer.test',
  assetId: 'asset-1',
  signedAt: unit.clock.now(),
  status: 'active' as const,
  policy: { permission: [{ action: 'use' }] },
});

/** A monitor over the unit's stores; the transfer policy denies the agreements in `denied`. Records what it ends. */
function monitor(options: { denied?: string[]; lapsed?: string; window?: string; failTerminate?: string; logger?: Logger } = {}) {
  const terminated: [string, string][] = [];
  const reported: [string, string][] = [];
  const policy = {
    check: async ({ agreementId }: { agreementId: string }) => {
      if (options.denied?.includes(agreementId)) throw new ConnectorError('POLICY_DENIED', { detail: 'the purpose no longer holds' });
      return {};
    },
  } as unknown as TransferPolicy;
  const m = new PolicyMonitor({
    transfers: unit.stores.transfers,
    agreements: unit.stores.agreements,
    policy,
    logger: options.logger ?? silentLogger,
    suspended: standingCheck(unit.stores.suspensions),
    credentials: async () => options.lapsed,
    window: () => options.window,
    now: () => unit.clock.now(),
    terminate: async (id, reason) => {
      if (id === options.failTerminate) throw new Error('store down');
      terminated.push([id, reason]);
    },
    onEnded: (t: TransferProcess, reason: string) => void reported.push([t.id, reason]),
  });
  return { m, terminated, reported };
}

describe('the policy monitor (one sweep per tick)', () => {
  it('ends a provider transfer whose agreement the contract policy no longer allows, and reports it; keeps the others', async () => {
    await unit.stores.agreements.save(agreement('a-ok'));
    await unit.stores.agreements.save(agreement('a-denied'));
    const ok = await unit.seed({ role: 'provider', state: 'STARTED', agent, agreementId: 'a-ok' });
    const denied = await unit.seed({ role: 'provider', state: 'STARTED', agent, agreementId: 'a-denied' });
    const { m, terminated, reported } = monitor({ denied: ['a-denied'] });
    expect(await m.tick()).toBe(1);
    expect(terminated).toEqual([[denied.id, 'the agreement no longer holds: the purpose no longer holds']]);
    expect(reported).toEqual(terminated);
    expect(terminated.map(([id]) => id)).not.toContain(ok.id);
  });

  it("ends a provider transfer whose consumer's credentials lapsed", async () => {
    const t = await unit.seed({ role: 'provider', state: 'SUSPENDED', agent });
    const { m, terminated } = monitor({ lapsed: 'MembershipCredential revoked' });
    await m.tick();
    expect(terminated).toEqual([[t.id, "the counterparty's credentials no longer hold: MembershipCredential revoked"]]);
  });

  it('ends the transfers of a suspended counterparty, in either role', async () => {
    await unit.stores.agreements.save(agreement('a-1'));
    const provider = await unit.seed({ role: 'provider', state: 'STARTED', agent, counterPartyId: agent.id, agreementId: 'a-1' });
    const consumer = await unit.seed({ role: 'consumer', state: 'REQUESTED', counterPartyId: agent.id, agreementId: 'a-1' });
    await unit.stores.suspensions.suspend({ participantId: agent.id, reason: 'no deletion receipt', source: 'operator' });
    const { m, terminated } = monitor();
    expect(await m.tick()).toBe(2);
    expect(terminated.map(([id]) => id).sort()).toEqual([provider.id, consumer.id].sort());
    expect(terminated.map(([, reason]) => reason)).toEqual([`participant '${agent.id}' is suspended: by the operator`, `participant '${agent.id}' is suspended: by the operator`]);
  });

  it.each([
    ['revoked', 'revoked', {}, "agreement 'a-1' is revoked"],
    ['gone', 'gone', {}, "agreement 'a-1' is gone"],
    ['outside its time window', 'active', { window: 'the agreement ended on 2025-12-31' }, 'the agreement ended on 2025-12-31'],
  ] as const)('ends a consumer transfer whose agreement is %s', async (_case, stored, options, reason) => {
    if (stored !== 'gone') await unit.stores.agreements.save(agreement('a-1'));
    if (stored === 'revoked') await unit.stores.agreements.revoke('a-1', unit.clock.now());
    const t = await unit.seed({ role: 'consumer', state: 'STARTED', agreementId: 'a-1' });
    const { m, terminated } = monitor(options);
    await m.tick();
    expect(terminated).toEqual([[t.id, reason]]);
  });

  it('looks only at live transfers (not INITIAL, REQUESTING, COMPLETING, TERMINATING or the final ones)', async () => {
    for (const state of ['INITIAL', 'REQUESTING', 'COMPLETING', 'COMPLETED', 'TERMINATING', 'TERMINATED'] as const)
      await unit.seed({ role: 'consumer', state, agreementId: 'gone' });
    const live = await unit.seed({ role: 'consumer', state: 'RESUMING', agreementId: 'gone' });
    const { m, terminated } = monitor();
    await m.tick();
    expect(terminated.map(([id]) => id)).toEqual([live.id]);
  });

  it('a transfer it cannot end is logged and not counted; the sweep goes on', async () => {
    const first = await unit.seed({ role: 'consumer', state: 'STARTED', agreementId: 'gone' });
    const second = await unit.seed({ role: 'consumer', state: 'STARTED', agreementId: 'gone' });
    const warned: unknown[] = [];
    const logger = { ...silentLogger, warn: (fields: unknown, msg: string) => void warned.push([msg, (fields as { transferId: string }).transferId]) } as Logger;
    const { m, terminated, reported } = monitor({ failTerminate: first.id, logger });
    expect(await m.tick()).toBe(1);
    expect(terminated.map(([id]) => id)).toEqual([second.id]);
    expect(reported.map(([id]) => id)).toEqual([second.id]);
    expect(warned).toEqual([['the policy monitor could not end a transfer', first.id]]);
  });

  it('a tick during a sweep shares it and asks for one more sweep right after', async () => {
    const t = await unit.seed({ role: 'consumer', state: 'STARTED', agreementId: 'gone' });
    const { m, terminated } = monitor();
    const [a, b] = await Promise.all([m.tick(), m.tick()]);
    expect(a).toBe(b);
    expect(terminated.map(([id]) => id)).toEqual([t.id, t.id]);
  });
});
