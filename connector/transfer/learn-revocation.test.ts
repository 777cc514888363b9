import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { CONSUMER, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import type { ContractNegotiation } from '../negotiation/contract-negotiation.js';
import { AGREEMENT_REVOKED_CODE, revokedAgreementDetail } from './agreement-revocation-signal.js';
import { transferInbound } from './transfer-inbound.js';
import type { TransferProcess } from './transfer-process.js';

const AGREEMENT = 'urn:uuid:agreement-1'; // the agreement every seeded transfer is under
const HOSTILE = 'did:web:hostile.test';
let unit: TransferUnit;
afterEach(async () => unit.close());

/** The outbox records each transfer save carried (the audit entries committed with the change). */
function recordSaves(u: TransferUnit): unknown[][] {
  const seen: unknown[][] = [];
  const store = u.stores.transfers;
  for (const name of ['save', 'saveAndLease'] as const) {
    const original = store[name].bind(store) as (...args: unknown[]) => Promise<never>;
    (store as unknown as Record<string, unknown>)[name] = (entity: TransferProcess, ...rest: unknown[]) => {
      if (entity.outboxRecords) seen.push([...entity.outboxRecords]);
      return original(entity, ...rest);
    };
  }
  return seen;
}

/** The audit entries in the outbox's `records` rows, one list per row (each row written by one transaction). */
async function outboxEntries(u: TransferUnit): Promise<unknown[][]> {
  const rows = await u.database.db.selectFrom('state_change_outbox').select(['kind', 'body']).where('kind', '=', 'records').orderBy('id').execute();
  return rows.map((row) => (JSON.parse(String(row.body)) as { records: { audit: unknown }[] }).records.map((r) => r.audit));
}

/** Our agreement (consumer: us, provider: `assigner`), negotiated at `address`. */
async function holdAgreement(u: TransferUnit, fields: { assigner?: string; assignee?: string; address?: string } = {}) {
  const now = u.clock.now();
  await u.stores.negotiations.save({
    id: 'n1',
    role: 'consumer',
    state: 'FINALIZED',
    consumerPid: 'n1',
    counterPartyId: fields.assigner ?? PROVIDER,
    counterPartyAddress: fields.address ?? `${u.peer.url}/`,
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
  await u.stores.agreements.save({
    id: AGREEMENT,
    negotiationId: 'n1',
    assigner: fields.assigner ?? PROVIDER,
    assignee: fields.assignee ?? CONSUMER,
    assetId: 'asset-1',
    policy: {},
    signedAt: now,
    status: 'active',
  });
}

const termination = (t: TransferProcess, code: string, reason = `agreement ${AGREEMENT} revoked`) => ({
  '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
  '@type': 'TransferTerminationMessage',
  providerPid: 'urn:uuid:p-1',
  consumerPid: t.consumerPid,
  code,
  reason: [reason],
});

describe("a consumer learns its provider's revocation of the agreement", () => {
  it('from a TransferTerminationMessage with the revocation code: the agreement is revoked by the provider, audited in the same transaction', async () => {
    unit = await transferUnit();
    await holdAgreement(unit);
    const saves = recordSaves(unit);
    const t = await unit.seed({ role: 'consumer', state: 'STARTED', providerPid: 'urn:uuid:p-1' });
    const at = unit.clock.now();
    expect(await transferInbound(unit.deps).termination(t, termination(t, AGREEMENT_REVOKED_CODE))).toMatchObject({ state: 'TERMINATED' });
    const reason = `${AGREEMENT_REVOKED_CODE}; agreement ${AGREEMENT} revoked`;
    expect(await unit.stores.agreements.getById(AGREEMENT)).toMatchObject({ status: 'revoked', revokedAt: at, revokedBy: PROVIDER, revocationReason: reason });
    expect(await outboxEntries(unit)).toEqual([
      [
        {
          type: 'agreement.revocation',
          actor: PROVIDER,
          agreementId: AGREEMENT,
          data: { revokedAt: new Date(at).toISOString(), assetId: 'asset-1', assigner: PROVIDER, assignee: CONSUMER, transferId: t.id, reason },
        },
      ],
    ]);
    expect(saves).toEqual([]); // committed with the revocation, not with the transfer's change
    // A second transfer's termination for the same revocation changes nothing more and records nothing more.
    const other = await unit.seed({ role: 'consumer', state: 'STARTED', providerPid: 'urn:uuid:p-2' });
    unit.clock.advance(5);
    await transferInbound(unit.deps).termination(other, termination(other, AGREEMENT_REVOKED_CODE, 'again'));
    expect(await unit.stores.agreements.getById(AGREEMENT)).toMatchObject({ revokedAt: at, revocationReason: reason });
    expect(await outboxEntries(unit)).toHaveLength(1);
  });

  it('never revokes without its audit entry: a failure writing the entry rolls the revocation back, and the retry does both', async () => {
    unit = await transferUnit();
    await holdAgreement(unit);
    const t = await unit.seed({ role: 'consumer', state: 'STARTED', providerPid: 'urn:uuid:p-1' });
    // The outbox refuses the records row (a crash between the two writes, as the database sees it).
    await sql`CREATE TRIGGER refuse_records BEFORE INSERT ON state_change_outbox WHEN NEW.kind = 'records' BEGIN SELECT RAISE(ABORT, 'injected'); END`.execute(unit.database.db);
    await expect(transferInbound(unit.deps).termination(t, termination(t, AGREEMENT_REVOKED_CODE))).rejects.toThrow(/injected/);
    expect(await unit.stores.agreements.getById(AGREEMENT)).toMatchObject({ status: 'active' });
    expect(await unit.get(t.id)).toMatchObject({ state: 'STARTED' }); // as it was, for the provider's retry
    await sql`DROP TRIGGER refuse_records`.execute(unit.database.db);
    await transferInbound(unit.deps).termination(t, termination(t, AGREEMENT_REVOKED_CODE));
    expect(await unit.stores.agreements.getById(AGREEMENT)).toMatchObject({ status: 'revoked', revokedBy: PROVIDER });
    expect((await outboxEntries(unit)).flat()).toEqual([expect.objectContaining({ type: 'agreement.revocation', actor: PROVIDER })]);
  });

  type Variant = { code?: string; assigner?: string; assignee?: string; role?: 'provider' };
  it.each<[string, Variant]>([
    ['a termination without the revocation code (prose alone is no signal)', { code: 'terminated' }],
    ["a peer that is not the agreement's provider (the agreement names another)", { assigner: HOSTILE }],
    ['an agreement of which we are not the consumer', { assignee: 'did:web:someone-else.test' }],
    ['a transfer in which we are the provider', { role: 'provider' }],
  ])('never from %s', async (_case, variant) => {
    unit = await transferUnit();
    await holdAgreement(unit, variant);
    const t = await unit.seed({ role: variant.role ?? 'consumer', state: 'STARTED', providerPid: 'urn:uuid:p-1' });
    expect(await transferInbound(unit.deps).termination(t, termination(t, variant.code ?? AGREEMENT_REVOKED_CODE))).toMatchObject({ state: 'TERMINATED' });
    expect(await unit.stores.agreements.getById(AGREEMENT)).toMatchObject({ status: 'active' });
  });

  it(`from the provider's 403 to a transfer request with the code ${AGREEMENT_REVOKED_CODE}, whatever its prose`, async () => {
    unit = await transferUnit();
    await holdAgreement(unit);
    const saves = recordSaves(unit);
    unit.peer.answer = { status: 403, body: { '@type': 'TransferError', code: AGREEMENT_REVOKED_CODE, reason: ['Vertrag widerrufen'] } };
    const t = await unit.seed({ role: 'consumer', state: 'REQUESTING' });
    await unit.tick();
    expect(await unit.get(t.id)).toMatchObject({ state: 'TERMINATED' });
    expect(await unit.stores.agreements.getById(AGREEMENT)).toMatchObject({
      status: 'revoked',
      revokedBy: PROVIDER,
      revocationReason: expect.stringMatching(/answered 403: Vertrag widerrufen$/),
    });
    expect((await outboxEntries(unit)).flat()).toEqual([expect.objectContaining({ type: 'agreement.revocation', actor: PROVIDER })]);
    expect(saves).toEqual([]);
  });

  it("from an older Kontor provider's 403 (its code the status) naming the revocation in its exact prose, at the address the agreement was negotiated with", async () => {
    unit = await transferUnit();
    await holdAgreement(unit);
    const saves = recordSaves(unit);
    unit.peer.answer = { status: 403, body: { '@type': 'TransferError', code: '403', reason: [revokedAgreementDetail(AGREEMENT)] } };
    const t = await unit.seed({ role: 'consumer', state: 'REQUESTING' });
    await unit.tick();
    expect(await unit.get(t.id)).toMatchObject({ state: 'TERMINATED', errorDetail: expect.stringMatching(/^PEER_REJECTED: .* answered 403: agreement/) });
    const agreement = await unit.stores.agreements.getById(AGREEMENT);
    expect(agreement).toMatchObject({ status: 'revoked', revokedBy: PROVIDER, revocationReason: expect.stringMatching(/answered 403: agreement '.*' is revoked$/) });
    expect((await outboxEntries(unit)).flat()).toEqual([expect.objectContaining({ type: 'agreement.revocation', actor: PROVIDER })]);
    expect(saves).toEqual([]);
  });

  it.each([
    ['another 403 (a policy denial)', 403, 'purpose: is not allowed', undefined],
    ['a revocation of another agreement', 403, revokedAgreementDetail('urn:uuid:agreement-2'), undefined],
    ['another status', 400, revokedAgreementDetail(AGREEMENT), undefined],
    ['an address other than the negotiated one', 403, revokedAgreementDetail(AGREEMENT), 'https://elsewhere.test/dsp'],
    ['the code on another status', 400, 'revoked', undefined, AGREEMENT_REVOKED_CODE],
    ['the code from an address other than the negotiated one', 403, 'revoked', 'https://elsewhere.test/dsp', AGREEMENT_REVOKED_CODE],
  ])('never from %s', async (_case, status, reason, address, code?: string) => {
    unit = await transferUnit();
    await holdAgreement(unit, address ? { address } : {});
    unit.peer.answer = { status, body: { '@type': 'TransferError', code: code ?? String(status), reason: [reason] } };
    const t = await unit.seed({ role: 'consumer', state: 'REQUESTING' });
    await unit.tick();
    expect((await unit.get(t.id)).state).toBe('TERMINATED');
    expect(await unit.stores.agreements.getById(AGREEMENT)).toMatchObject({ status: 'active' });
  });
});

describe('a provider tells the consumer that the agreement is revoked', () => {
  it.each([
    ['revoked', AGREEMENT_REVOKED_CODE],
    ['active', 'terminated'],
  ] as const)('a termination under an agreement %s here has the code %s, the prose reason kept', async (status, code) => {
    unit = await transferUnit({ self: PROVIDER });
    await holdAgreement(unit);
    if (status === 'revoked') await unit.stores.agreements.revoke(AGREEMENT, unit.clock.now());
    await unit.seed({ role: 'provider', state: 'TERMINATING', terminationReason: `agreement ${AGREEMENT} revoked` });
    await unit.tick();
    expect(unit.peer.received).toEqual([
      { path: expect.stringMatching(/\/termination$/), body: expect.objectContaining({ '@type': 'TransferTerminationMessage', code, reason: [`agreement ${AGREEMENT} revoked`] }) },
    ]);
  });
});
