import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { negotiationUnit, OFFER, type NegotiationUnit } from '../../test/helpers/negotiation-unit.js';
import { allowedAgent, CONSUMER, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { standingCheck } from '../usage/index.js';
import { inboundVerdict } from './negotiation-inbound-rules.js';
import { OFFER_UNAVAILABLE } from './offer-resolver.js';
import { negotiationService } from './negotiation-service.js';

let unit: NegotiationUnit;
afterEach(async () => unit.close());
const setup = async () => {
  unit = await negotiationUnit();
  unit.deps.standing = standingCheck(unit.stores.suspensions);
  return negotiationService(unit.deps);
};
/** The audit entries written through the outbox (records of what changed nothing), in order. */
const outboxEntries = async () => {
  const rows = await unit.database.db.selectFrom('state_change_outbox').select('body').where('kind', '=', 'records').orderBy('id').execute();
  return rows.flatMap((row) => (JSON.parse(String(row.body)) as { records: { audit: unknown }[] }).records.map((r) => r.audit));
};
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'done',
    (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail}`,
  );

describe('negotiation service (management use-cases)', () => {
  it.each([
    ['an address the outbound policy refuses', { counterPartyAddress: 'https://10.0.0.1/dsp' }, /^OUTBOUND_REFUSED: .*private/],
    ['an offer whose rules are no list', { offer: { ...OFFER, obligation: 5 } }, /^VALIDATION_FAILED: .*\/offer\/obligation must be array/],
    [
      'an offer whose constraint is no object',
      { offer: { ...OFFER, permission: [{ action: 'use', constraint: ['zzz'] }] } },
      /^VALIDATION_FAILED: .*\/offer\/permission\/0\/constraint/,
    ],
    ['an offer with a rule without an action', { offer: { ...OFFER, permission: [{ constraint: [] }] } }, /^VALIDATION_FAILED: .*\/offer\/permission\/0\/action is required/],
    ['an offer with an empty id', { offer: { ...OFFER, '@id': '' } }, /^VALIDATION_FAILED: .*\/offer\/@id/],
    ['an offer naming another provider as assigner', { offer: { ...OFFER, assigner: 'did:web:other.example' } }, /^VALIDATION_FAILED: .*\/offer\/assigner/],
    ['an offer naming no dataset', { offer: { ...OFFER, target: undefined } }, /^VALIDATION_FAILED: the offer names no dataset/],
  ])('initiate: refuses %s, and stores nothing', async (_case, fields, reason) => {
    const service = await setup();
    const input = { counterPartyAddress: 'https://provider.test/api/dsp', counterPartyId: PROVIDER, offer: OFFER, ...fields };
    const refusal = await service.initiate(input).then(
      () => 'accepted',
      (e: ConnectorError) => `${e.code}: ${e.detail}`,
    );
    expect(refusal).toMatch(reason);
    expect((await unit.stores.negotiations.list({ offset: 0, limit: 10 })).total).toBe(0);
    expect(unit.wakes).toBe(0);
  });

  it('initiate: stores a consumer negotiation in REQUESTING for the loop, and wakes it', async () => {
    const service = await setup();
    const n = await service.initiate({ counterPartyAddress: 'https://provider.test/api/dsp//', counterPartyId: PROVIDER, offer: OFFER });
    expect(await unit.get(n.id)).toMatchObject({
      role: 'consumer',
      state: 'REQUESTING',
      consumerPid: n.id,
      counterPartyAddress: 'https://provider.test/api/dsp',
      offer: OFFER,
      // The dataset it is started for: every offer and the agreement are compared with it.
      assetId: OFFER.target,
      createdAt: unit.clock.now(),
      // Out from the start: only this request tells the provider our consumerPid, so nothing can overtake it earlier.
      messageOut: true,
    });
    expect(inboundVerdict(n, 'agreement')).toBe('overtaking');
    expect(n).not.toHaveProperty('acceptCounterOffers');
    expect(unit.wakes).toBe(1);
    expect(await service.initiate({ counterPartyAddress: 'https://p.test', counterPartyId: PROVIDER, offer: OFFER, acceptCounterOffers: false })).toMatchObject({
      acceptCounterOffers: false,
    });
  });

  it('initiate: refuses a suspended provider and stores nothing', async () => {
    const service = await setup();
    await unit.stores.suspensions.suspend({ participantId: PROVIDER, reason: 'x', source: 'operator' });
    expect(await refusal(service.initiate({ counterPartyAddress: 'http://p', counterPartyId: PROVIDER, offer: OFFER }))).toMatch(/^FORBIDDEN: .*suspended/);
    expect((await unit.stores.negotiations.list({ offset: 0, limit: 10 })).total).toBe(0);
    expect(unit.wakes).toBe(0);
  });

  it("terminate: TERMINATING with the operator's reason; a final negotiation is refused", async () => {
    const service = await setup();
    const open = await unit.seed({ role: 'provider', state: 'REQUESTED', pending: true });
    expect(await service.terminate(open.id, 'no longer needed')).toMatchObject({ state: 'TERMINATING', pending: false, terminationReason: 'no longer needed' });
    const done = await unit.seed({ role: 'provider', state: 'FINALIZED' });
    expect(await refusal(service.terminate(done.id, 'late'))).toMatch(/^INVALID_TRANSITION: .*already FINALIZED/);
    // The FINALIZED event may be on its way: a termination crossing it would leave the consumer FINALIZED alone.
    const finalizing = await unit.seed({ role: 'provider', state: 'FINALIZING' });
    expect(await refusal(service.terminate(finalizing.id, 'late'))).toMatch(/^INVALID_TRANSITION: .*FINALIZING: .*revoke the agreement/);
    expect(await unit.get(finalizing.id)).toMatchObject({ state: 'FINALIZING', version: finalizing.version });
  });

  it.each([
    ['a provider negotiation not waiting for approval', { role: 'provider', state: 'REQUESTED', pending: false }, /not waiting for an approval/],
    ['a consumer negotiation', { role: 'consumer', state: 'REQUESTED', pending: true }, /not waiting for an approval/],
    ['a waiting negotiation without a verified consumer', { role: 'provider', state: 'REQUESTED', pending: true }, /no verified consumer on record/],
  ] as const)('approve: refuses %s', async (_case, fields, reason) => {
    const service = await setup();
    const n = await unit.seed(fields);
    expect(await refusal(service.approve(n.id))).toMatch(reason);
    expect(await unit.get(n.id)).toMatchObject({ state: fields.state, version: n.version });
    expect(await outboxEntries()).toEqual([]); // no decision of the gate: nothing to audit
  });

  it('approve: a refusal of the agreement gate (the offer no longer resolves) is audited, actor operator, and changes nothing', async () => {
    const service = await setup(); // the unit's offers resolve nothing: the offer went stale since the request
    const n = await unit.seed({ role: 'provider', state: 'REQUESTED', pending: true, consumerAgent: allowedAgent, assetId: 'asset-1' });
    expect(await refusal(service.approve(n.id))).toMatch(/^INVALID_TRANSITION: .*cannot be agreed: .*It stays pending/);
    expect(await unit.get(n.id)).toMatchObject({ state: 'REQUESTED', pending: true, version: n.version });
    expect(await outboxEntries()).toEqual([
      {
        type: 'policy.decision',
        actor: 'operator',
        data: {
          scope: 'negotiation',
          negotiationId: n.id,
          path: 'manual-approval',
          decision: 'deny',
          approval: 'refused',
          reason: OFFER_UNAVAILABLE,
          counterPartyId: CONSUMER,
          state: 'REQUESTED',
          assetId: 'asset-1',
        },
      },
    ]);
  });

  it('reject: refuses what does not wait for approval; TERMINATING with the reason otherwise', async () => {
    const service = await setup();
    const busy = await unit.seed({ role: 'provider', state: 'OFFERED' });
    expect(await refusal(service.reject(busy.id, 'no'))).toMatch(/^INVALID_TRANSITION: .*not waiting for an approval/);
    const waiting = await unit.seed({ role: 'provider', state: 'ACCEPTED', pending: true });
    expect(await service.reject(waiting.id, 'not for you')).toMatchObject({ state: 'TERMINATING', pending: false, terminationReason: 'not for you' });
  });

  it("counterOffer (provider): refuses unless waiting; otherwise offers the new rules on our target, as the operator's", async () => {
    const service = await setup();
    const busy = await unit.seed({ role: 'provider', state: 'AGREED' });
    expect(await refusal(service.counterOffer(busy.id, { permission: [{ action: 'display' }] }))).toMatch(/not waiting for an approval/);
    const waiting = await unit.seed({ role: 'provider', state: 'REQUESTED', pending: true, assetId: 'asset-1' });
    const after = await service.counterOffer(waiting.id, { permission: [{ action: 'display' }] });
    expect(after).toMatchObject({
      state: 'OFFERING',
      offer: { '@type': 'Offer', target: 'asset-1', assigner: PROVIDER, permission: [{ action: 'display' }] },
      providerOffer: { byOperator: true },
    });
    expect(after.offer).not.toHaveProperty('prohibition');
  });

  it("counterOffer and accept (consumer): refused unless a provider's offer waits; otherwise REQUESTING with our rules, or ACCEPTING", async () => {
    const service = await setup();
    const requested = await unit.seed({ role: 'consumer', state: 'REQUESTED' });
    expect(await refusal(service.accept(requested.id))).toMatch(/^INVALID_TRANSITION: .*no offer waiting/);
    expect(await refusal(service.counterOffer(requested.id, { permission: [{ action: 'display' }] }))).toMatch(/no offer waiting/);
    const notPending = await unit.seed({ role: 'consumer', state: 'OFFERED', pending: false });
    expect(await refusal(service.accept(notPending.id))).toMatch(/no offer waiting/);
    const offered = await unit.seed({ role: 'consumer', state: 'OFFERED', pending: true });
    const countered = await service.counterOffer(offered.id, { permission: [{ action: 'display' }] });
    expect(countered).toMatchObject({
      state: 'REQUESTING',
      pending: false,
      offer: { '@id': 'offer-1', target: 'asset-1', permission: [{ action: 'display' }] },
    });
    // The provider knows this negotiation: its agreement may overtake our counter-request only once that is out.
    expect(countered).not.toHaveProperty('messageOut');
    expect(inboundVerdict(countered, 'agreement')).toBe('invalid');
    const another = await unit.seed({ role: 'consumer', state: 'OFFERED', pending: true });
    expect(await service.accept(another.id)).toMatchObject({ state: 'ACCEPTING', pending: false });
  });

  it("accept and counterOffer (consumer): the operator's answer to an offer for another dataset takes that dataset for the negotiation", async () => {
    const service = await setup();
    const fields = { role: 'consumer', state: 'OFFERED', pending: true, assetId: 'asset-1', offer: { ...OFFER, target: 'asset-2' } } as const;
    expect(await service.accept((await unit.seed(fields)).id)).toMatchObject({ state: 'ACCEPTING', assetId: 'asset-2' });
    expect(await service.counterOffer((await unit.seed(fields)).id, { permission: [{ action: 'display' }] })).toMatchObject({ state: 'REQUESTING', assetId: 'asset-2' });
  });
});
