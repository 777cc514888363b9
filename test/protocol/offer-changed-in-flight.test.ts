import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import { type ConnectorError, silentLogger } from '../../core/index.js';
import { catalogOfferResolver } from '../../connector/negotiation/catalog-offer-resolver.js';
import type { OfferResolver } from '../../connector/negotiation/offer-resolver.js';
import {
  allowedAgent,
  CONTRACT_POLICY,
  consumerMessages as msg,
  deniedAgent,
  OTHER_RULES,
  PROVIDER,
  providerHarness,
  type ProviderHarness,
} from '../helpers/provider-negotiation-harness.js';
import { BACKENDS } from '../helpers/test-database.js';

/**
 * The provider changes its catalog (contract policy, definition, asset selection) while a negotiation is in flight: the
 * operator and the consumer are told precisely why the offer is gone, and an approval that cannot agree changes nothing.
 */
const OPEN = { '@type': 'Set', permission: [{ action: 'use' }] };
const TIGHTER = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }] };
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'done',
    (e: ConnectorError) => `${e.code}: ${e.detail}`,
  );

describe.each(BACKENDS)('offers that change in flight, on $backend', ({ backend, skip }) => {
  let h: ProviderHarness;
  let seq = 0;
  beforeAll(async () => {
    if (skip) return;
    const inner: { resolver?: OfferResolver } = {};
    h = await providerHarness(backend, {
      offers: {
        resolve: (id, agent) => (inner.resolver as OfferResolver).resolve(id, agent),
        explain: (id, agent) => (inner.resolver as OfferResolver).explain?.(id, agent) ?? Promise.resolve(undefined),
      },
    });
    inner.resolver = catalogOfferResolver({
      lookup: {
        findDefinition: (id) => h.stores.contractDefinitions.findById(id),
        findAsset: (id) => h.stores.assets.findById(id),
        findPolicy: (id) => h.stores.policies.findById(id),
      },
      engine: h.deps.engine,
      participantId: PROVIDER,
      clock: h.deps.clock,
      logger: silentLogger,
    });
  });
  afterAll(async () => h?.close());

  /** One asset offered by one definition under its own contract policy (OPEN), access open or for members only. */
  async function catalog(approval: 'auto' | 'manual', access: 'open' | 'members' = 'open') {
    const k = ++seq;
    const ids = { asset: `asset-${k}`, contract: `contract-${k}`, access: `access-${k}`, definition: `cd-${k}` };
    await h.stores.assets.create({ id: ids.asset, properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'https://backend.test/' } });
    await h.stores.policies.create({ id: ids.contract, policy: OPEN });
    await h.stores.policies.create({ id: ids.access, policy: access === 'open' ? OPEN : CONTRACT_POLICY });
    await h.stores.contractDefinitions.create({
      id: ids.definition,
      accessPolicyId: ids.access,
      contractPolicyId: ids.contract,
      approval,
      assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: ids.asset }],
    });
    const id = (policy: Record<string, unknown>) => offerId({ definitionId: ids.definition, assetId: ids.asset, policyHash: policyContentHash(policy) });
    const built = toOdrlOffer(OPEN, id(OPEN), PROVIDER);
    if (!built.ok) throw new Error(built.problem);
    const tighten = async () => {
      const current = await h.stores.policies.getById(ids.contract);
      await h.stores.policies.replace({ id: ids.contract, policy: TIGHTER }, current.version);
    };
    return { ...ids, k, offer: { ...built.offer, target: ids.asset }, offerId: id(OPEN), newOfferId: id(TIGHTER), tighten };
  }
  const changedReason = (c: Awaited<ReturnType<typeof catalog>>) =>
    `the contract policy of contract definition '${c.definition}' changed since the offer was made: the offer is for policy content ${policyContentHash(OPEN)}, ` +
    `the definition's contract policy '${c.contract}' (version 2) now has content ${policyContentHash(TIGHTER)}; the definition now offers '${c.newOfferId}'`;

  it.skipIf(skip)(
    'a pending request whose contract policy changed: marked stale on read, its approval refused (409) naming the change, still pending for a counter-offer',
    async () => {
      const c = await catalog('manual');
      let n = await h.protocol.initialRequest(allowedAgent, msg.request(`urn:uuid:stale-${c.k}`, c.offer, h.callback));
      expect(n).toMatchObject({ state: 'REQUESTED', pending: true });
      expect(await h.service.staleOffer(n)).toBeUndefined();
      await c.tighten();
      expect(await h.service.staleOffer(await h.stores.negotiations.getById(n.id))).toEqual({
        reason: changedReason(c),
        publicReason: `offer '${c.offerId}' is no longer available: ${changedReason(c)}`,
        currentOfferId: c.newOfferId,
      });
      const decisions = h.decisions.length;
      expect(await refusal(h.service.approve(n.id))).toBe(
        `INVALID_TRANSITION: negotiation '${n.id}' cannot be agreed: ${changedReason(c)}. It stays pending: counter-offer the current terms ` +
          `(POST /api/v1/negotiations/${encodeURIComponent(n.id)}/counter-offer) or reject it (POST /api/v1/negotiations/${encodeURIComponent(n.id)}/reject)`,
      );
      expect(await h.stores.negotiations.getById(n.id)).toMatchObject({ state: 'REQUESTED', pending: true, version: n.version });
      expect(h.decisions.length).toBe(decisions);
      // What the 409 offers: the operator counter-offers the current terms.
      n = await h.service.counterOffer(n.id, { permission: TIGHTER.permission });
      expect(n).toMatchObject({ state: 'OFFERING', offer: { permission: TIGHTER.permission } });
      expect(await h.service.staleOffer(n)).toBeUndefined();
    },
  );

  it.skipIf(skip)('names a deleted contract definition and an asset no longer selected, for pending requests', async () => {
    const gone = await catalog('manual');
    const a = await h.protocol.initialRequest(allowedAgent, msg.request(`urn:uuid:stale-${gone.k}`, gone.offer, h.callback));
    await h.stores.contractDefinitions.delete(gone.definition);
    expect((await h.service.staleOffer(a))?.reason).toBe(`the contract definition '${gone.definition}' of offer '${gone.offerId}' no longer exists`);
    expect(await refusal(h.service.approve(a.id))).toMatch(new RegExp(`^INVALID_TRANSITION: .*cannot be agreed: the contract definition '${gone.definition}'.* no longer exists`));

    const moved = await catalog('manual');
    const b = await h.protocol.initialRequest(allowedAgent, msg.request(`urn:uuid:stale-${moved.k}`, moved.offer, h.callback));
    const def = await h.stores.contractDefinitions.getById(moved.definition);
    await h.stores.contractDefinitions.replace({ ...def, assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'elsewhere' }] }, def.version);
    expect(await refusal(h.service.approve(b.id))).toMatch(
      new RegExp(`^INVALID_TRANSITION: .*cannot be agreed: the contract definition '${moved.definition}' no longer selects the asset '${moved.asset}'`),
    );
    expect(await h.stores.negotiations.getById(b.id)).toMatchObject({ state: 'REQUESTED', pending: true });
  });

  it.skipIf(skip)('a consumer naming the stale offer afresh is told the policy changed and which offer stands now; one the access policy hides it from is not', async () => {
    const c = await catalog('auto');
    await c.tighten();
    expect(await refusal(h.protocol.initialRequest(allowedAgent, msg.request(`urn:uuid:fresh-${c.k}`, c.offer, h.callback)))).toBe(
      `VALIDATION_FAILED: offer '${c.offerId}' is no longer available: ${changedReason(c)}`,
    );
    const hidden = await catalog('auto', 'members');
    await hidden.tighten();
    expect(await refusal(h.protocol.initialRequest(deniedAgent, msg.request(`urn:uuid:hidden-${hidden.k}`, hidden.offer, h.callback)))).toBe(
      `VALIDATION_FAILED: unknown offer '${hidden.offerId}'`,
    );
  });

  it.skipIf(skip)('a consumer accepting our offer after the contract policy changed: terminated with the precise reason', async () => {
    const c = await catalog('auto');
    let n = await h.protocol.initialRequest(allowedAgent, msg.request(`urn:uuid:accept-${c.k}`, { ...c.offer, ...OTHER_RULES }, h.callback));
    expect(n.state).toBe('OFFERING');
    await h.tick();
    n = await h.stores.negotiations.getById(n.id);
    expect(n.state).toBe('OFFERED');
    await c.tighten();
    n = await h.protocol.accepted(n, allowedAgent, msg.accepted(n));
    expect(n).toMatchObject({ state: 'TERMINATING', terminationReason: changedReason(c) });
    expect(n.history.at(-1)?.cause).toBe(`agreement refused: ${changedReason(c)}`);
  });
});
