import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { CONSUMER, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import type { ContractNegotiation } from '../negotiation/contract-negotiation.js';
import { standingCheck } from '../usage/index.js';
import type { TransferState } from './transfer-state.js';
import { transferService } from './transfer-service.js';

let unit: TransferUnit;
afterEach(async () => unit.close());
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'done',
    (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail}`,
  );

async function setup() {
  unit = await transferUnit();
  unit.deps.standing = standingCheck(unit.stores.suspensions);
  const now = unit.clock.now();
  await unit.stores.negotiations.save({
    id: 'n1',
    role: 'consumer',
    state: 'FINALIZED',
    consumerPid: 'n1',
    counterPartyId: PROVIDER,
    counterPartyAddress: 'https://provider.test/api/dsp',
    offer: {},
    handledMessages: [],
    history: [],
    stateCount: 1,
    stateTimestamp: now,
    nextAttemptAt: now,
    pending: false,
    version: 0,
    createdAt: now,
    updatedAt: now,
  } as ContractNegotiation);
  const agreement = (id: string, fields: { assignee?: string } = {}) =>
    unit.stores.agreements.save({
      id,
      negotiationId: 'n1',
      assigner: PROVIDER,
      assignee: fields.assignee ?? CONSUMER,
      assetId: 'asset-1',
      policy: {},
      signedAt: now,
      status: 'active',
    });
  await agreement('a1');
  await agreement('theirs', { assignee: 'did:web:someone-else' });
  await agreement('revoked');
  await unit.stores.agreements.revoke('revoked', now);
  await agreement('revoked-here');
  await unit.stores.agreements.revoke('revoked-here', now, { by: CONSUMER }); // through our own management API
  await agreement('revoked-by-provider');
  await unit.stores.agreements.revoke('revoked-by-provider', now, { by: PROVIDER, reason: 'agreement revoked-by-provider revoked' });
  return transferService(unit.deps);
}

describe('transfer service (management use-cases)', () => {
  it('initiate: a consumer transfer in REQUESTING to the address the agreement was negotiated with, and a wake-up', async () => {
    const service = await setup();
    const t = await service.initiate({ agreementId: 'a1', transferType: 'HttpData-PULL', purpose: 'study' });
    expect(await unit.get(t.id)).toMatchObject({
      role: 'consumer',
      state: 'REQUESTING',
      consumerPid: t.id,
      counterPartyId: PROVIDER,
      counterPartyAddress: 'https://provider.test/api/dsp',
      assetId: 'asset-1',
      purpose: 'study',
    });
    expect(unit.wakes).toBe(1);
    expect(await service.initiate({ agreementId: 'a1', transferType: 'HttpData-PULL', counterPartyAddress: 'https://elsewhere.test/dsp/' })).toMatchObject({
      counterPartyAddress: 'https://elsewhere.test/dsp',
    });
  });

  it.each([
    ['an agreement we are not the consumer of', { agreementId: 'theirs' }, /^VALIDATION_FAILED: we are not the consumer/],
    ['a revoked agreement', { agreementId: 'revoked' }, /^INVALID_TRANSITION: agreement 'revoked' is revoked: no transfer starts under it$/],
    ['an agreement we revoked', { agreementId: 'revoked-here' }, /^INVALID_TRANSITION: agreement 'revoked-here' is revoked: no transfer starts under it$/],
    [
      'an agreement its provider revoked',
      { agreementId: 'revoked-by-provider' },
      /^INVALID_TRANSITION: agreement 'revoked-by-provider' is revoked by its provider did:web:provider\.test: no transfer starts under it$/,
    ],
    ['a push without a destination', { transferType: 'HttpData-PUSH' as const }, /^VALIDATION_FAILED: a push transfer needs a dataDestination/],
    ['a pull with a destination', { dataDestination: { endpoint: 'https://example.com/in' } }, /^VALIDATION_FAILED: \/dataDestination: is only for HttpData-PUSH/],
    [
      'a training with a destination',
      { transferType: 'FederatedTraining' as const, dataDestination: { endpoint: 'https://example.com/in' } },
      /^VALIDATION_FAILED: \/dataDestination: is only for HttpData-PUSH/,
    ],
    ['an unknown agreement', { agreementId: 'nope' }, /^NOT_FOUND/],
    ['an address the outbound policy refuses', { counterPartyAddress: 'https://169.254.169.254/dsp' }, /^OUTBOUND_REFUSED: /],
  ])('initiate: refuses %s and stores nothing', async (_case, input, reason) => {
    const service = await setup();
    expect(await refusal(service.initiate({ agreementId: 'a1', transferType: 'HttpData-PULL', ...input }))).toMatch(reason);
    expect((await unit.stores.transfers.list({ offset: 0, limit: 10 })).total).toBe(0);
  });

  it('initiate: refuses a suspended provider', async () => {
    const service = await setup();
    await unit.stores.suspensions.suspend({ participantId: PROVIDER, reason: 'x', source: 'operator' });
    expect(await refusal(service.initiate({ agreementId: 'a1', transferType: 'HttpData-PULL' }))).toMatch(/^FORBIDDEN: .*suspended/);
  });

  // [role, state, command, the state it moves to or 'refused']
  const table: ['consumer' | 'provider', TransferState, 'suspend' | 'resume' | 'complete' | 'terminate', TransferState | 'refused'][] = [
    ['consumer', 'STARTED', 'suspend', 'SUSPENDING'],
    ['provider', 'COMPLETING', 'suspend', 'SUSPENDING'],
    ['consumer', 'COMPLETING', 'suspend', 'refused'],
    ['consumer', 'REQUESTED', 'suspend', 'refused'],
    ['consumer', 'SUSPENDED', 'resume', 'RESUMING'],
    ['provider', 'SUSPENDED', 'resume', 'STARTING'],
    ['consumer', 'STARTED', 'resume', 'refused'],
    ['consumer', 'STARTED', 'complete', 'COMPLETING'],
    ['provider', 'SUSPENDED', 'complete', 'refused'],
    ['provider', 'REQUESTED', 'terminate', 'TERMINATING'],
    ['consumer', 'SUSPENDED', 'terminate', 'TERMINATING'],
    ['consumer', 'COMPLETED', 'terminate', 'refused'],
    ['consumer', 'TERMINATING', 'terminate', 'refused'],
    ['provider', 'TERMINATING', 'terminate', 'refused'],
    ['provider', 'TERMINATED', 'terminate', 'refused'],
  ];
  it.each(table)('%s in %s, %s → %s', async (role, state, command, next) => {
    const service = await setup();
    const t = await unit.seed({ role, state, providerPid: 'urn:uuid:p' });
    const run = () => (command === 'suspend' || command === 'terminate' ? service[command](t.id, 'the reason') : service[command](t.id));
    if (next === 'refused') {
      expect(await refusal(run())).toMatch(new RegExp(`^INVALID_TRANSITION: cannot ${command} transfer .* in state ${state}`));
      expect((await unit.get(t.id)).version).toBe(t.version);
    } else {
      expect(await run()).toMatchObject({ state: next, ...(command === 'suspend' || command === 'terminate' ? { terminationReason: 'the reason' } : {}) });
      expect(unit.wakes).toBe(1);
    }
  });

  it.each([
    ['consumer', 'RESUMING'],
    ['provider', 'STARTING'],
  ] as const)("resume: a %s's suspension reason is gone once it resumes (%s); terminationReason is no suspension's", async (role, next) => {
    const service = await setup();
    const t = await unit.seed({ role, state: 'STARTED', providerPid: 'urn:uuid:p' });
    expect(await service.suspend(t.id, 'nightly maintenance')).toMatchObject({ state: 'SUSPENDING', terminationReason: 'nightly maintenance' });
    await unit.stores.transfers.save({ ...(await unit.get(t.id)), state: 'SUSPENDED' });
    const resumed = await service.resume(t.id);
    expect(resumed.state).toBe(next);
    expect(resumed).not.toHaveProperty('terminationReason');
    expect(await unit.get(t.id)).not.toHaveProperty('terminationReason');
  });

  it("resume: the consumer lifts its own suspension (its token marked expired, so the EDR read refreshes it), never the provider's", async () => {
    const service = await setup();
    const edr = {
      endpoint: 'https://provider.test/api/data/p',
      token: 'old',
      authType: 'bearer',
      refreshEndpoint: 'https://provider.test/api/data/p/token',
      expiresAt: unit.clock.now() + 300_000,
    };
    const own = await unit.seed({ role: 'consumer', state: 'STARTED', providerPid: 'urn:uuid:p', edr });
    expect(await service.suspend(own.id, 'pause')).toMatchObject({ state: 'SUSPENDING', suspendedBy: 'consumer' });
    await unit.stores.transfers.save({ ...(await unit.get(own.id)), state: 'SUSPENDED' });
    expect(await service.resume(own.id)).toMatchObject({ state: 'RESUMING', edr: { token: 'old', expiresAt: unit.clock.now() } });
    const theirs = await unit.seed({ role: 'consumer', state: 'SUSPENDED', providerPid: 'urn:uuid:p', suspendedBy: 'provider', edr });
    expect(await refusal(service.resume(theirs.id))).toMatch(/^INVALID_TRANSITION: .*the provider suspended it/);
    expect((await unit.get(theirs.id)).version).toBe(theirs.version);
    // The provider resumes either suspension; only its own moves to a new token epoch (its start brings a fresh token).
    const theirsAtProvider = await unit.seed({ role: 'provider', state: 'SUSPENDED', providerPid: 'urn:uuid:p', suspendedBy: 'consumer' });
    const theirsResumed = await service.resume(theirsAtProvider.id);
    expect(theirsResumed.state).toBe('STARTING');
    expect(theirsResumed).not.toHaveProperty('tokenEpoch');
    const oursAtProvider = await unit.seed({ role: 'provider', state: 'SUSPENDED', providerPid: 'urn:uuid:p2', suspendedBy: 'provider' });
    expect(await service.resume(oursAtProvider.id)).toMatchObject({ state: 'STARTING', tokenEpoch: 1 });
  });

  it('endForAgreement: ends every live transfer under the agreement, cutting its flows, and no other', async () => {
    const service = await setup();
    const live = [await unit.seed({ role: 'provider', state: 'STARTED', agreementId: 'a1' }), await unit.seed({ role: 'provider', state: 'SUSPENDED', agreementId: 'a1' })];
    const other = await unit.seed({ role: 'provider', state: 'STARTED', agreementId: 'a2' });
    const done = await unit.seed({ role: 'provider', state: 'COMPLETED', agreementId: 'a1' });
    expect(await service.endForAgreement('a1', 'agreement revoked by the provider')).toBe(2);
    expect(unit.cut.sort()).toEqual(live.map((t) => t.id).sort());
    for (const t of live) expect(await unit.get(t.id)).toMatchObject({ state: 'TERMINATING', terminationReason: 'agreement revoked by the provider' });
    expect((await unit.get(other.id)).state).toBe('STARTED');
    expect((await unit.get(done.id)).state).toBe('COMPLETED');
  });
});
