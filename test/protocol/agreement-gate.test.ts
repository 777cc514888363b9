import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import type { ContractNegotiation } from '../../connector/negotiation/contract-negotiation.js';
import { TEST_PG_URL, type Backend } from '../helpers/test-database.js';
import {
  allowedAgent,
  CATALOG_RULES,
  CONTRACT_POLICY,
  consumerMessages as msg,
  deniedAgent,
  offerFor,
  OTHER_RULES,
  providerHarness,
  TIGHTENED_POLICY,
  type ProviderHarness,
} from '../helpers/provider-negotiation-harness.js';

/**
 * Every path into AGREEING × what the contract policy and the operator say. The agent is the consumer as verified
 * when the deciding message arrives; a path first goes through its earlier steps with an allowed consumer.
 */
type Path = 'initial-request' | 'counter-request' | 'accepted-offer' | 'operator-counter-offer';
type Operator = 'auto' | 'pending' | 'approved' | 'rejected' | 'approved-after-tightening' | 'counter-offered';

const BACKENDS: { backend: Backend; skip: boolean }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: !TEST_PG_URL },
];
let pidCounter = 0;

async function reach(h: ProviderHarness, path: Path, agent: ParticipantAgent): Promise<ContractNegotiation> {
  const pid = `urn:uuid:gate-${++pidCounter}`;
  const same = offerFor('offer-1', 'a1', CATALOG_RULES);
  const other = offerFor('offer-1', 'a1', OTHER_RULES);
  if (path === 'initial-request') return h.protocol.initialRequest(agent, msg.request(pid, same, h.callback));
  if (path === 'operator-counter-offer') {
    let n = await h.protocol.initialRequest(allowedAgent, msg.request(pid, same, h.callback));
    expect(n).toMatchObject({ state: 'REQUESTED', pending: true });
    n = await h.service.counterOffer(n.id, OTHER_RULES);
    expect(n.state).toBe('OFFERING');
    await h.tick();
    return h.protocol.accepted(await h.stores.negotiations.getById(n.id), agent, msg.accepted(n));
  }
  let n = await h.protocol.initialRequest(allowedAgent, msg.request(pid, other, h.callback));
  expect(n.state).toBe('OFFERING');
  await h.tick();
  n = await h.stores.negotiations.getById(n.id);
  expect(n.state).toBe('OFFERED');
  if (path === 'counter-request') return h.protocol.counterRequest(n, agent, msg.request(pid, same, undefined, n.id));
  return h.protocol.accepted(n, agent, msg.accepted(n));
}

async function agreementsOf(h: ProviderHarness, n: ContractNegotiation) {
  const all = await h.stores.agreements.list({ offset: 0, limit: 1000 });
  return all.items.filter((a) => a.negotiationId === n.id);
}

const PATHS: Path[] = ['initial-request', 'counter-request', 'accepted-offer', 'operator-counter-offer'];
const CASES: { operator: Operator; policy: 'allows' | 'denies'; agreed: boolean; state: string }[] = [
  { operator: 'auto', policy: 'allows', agreed: true, state: 'AGREED' },
  { operator: 'auto', policy: 'denies', agreed: false, state: 'TERMINATED' },
  { operator: 'pending', policy: 'allows', agreed: false, state: 'pending' },
  { operator: 'pending', policy: 'denies', agreed: false, state: 'TERMINATED' },
  { operator: 'approved', policy: 'allows', agreed: true, state: 'AGREED' },
  { operator: 'rejected', policy: 'allows', agreed: false, state: 'TERMINATED' },
  // The approval is refused (409): the negotiation stays pending for the operator's counter-offer or rejection.
  { operator: 'approved-after-tightening', policy: 'allows', agreed: false, state: 'pending' },
];

describe.each(BACKENDS)('the agreement gate on $backend', ({ backend, skip }) => {
  let h: ProviderHarness;
  beforeAll(async () => {
    if (!skip) h = await providerHarness(backend);
  });
  afterAll(async () => h?.close());

  const matrix = PATHS.flatMap((path): { path: Path; operator: Operator; policy: 'allows' | 'denies'; agreed: boolean; state: string }[] =>
    // An operator counters only a request that waits for it, and its counter-offer is its approval of exactly those
    // terms: on that path only the contract policy at the consumer's ACCEPTED decides.
    path === 'operator-counter-offer'
      ? CASES.filter((c) => c.operator === 'approved' || (c.operator === 'pending' && c.policy === 'denies')).map((c) => ({ path, ...c, operator: 'counter-offered' as const }))
      : CASES.map((c) => ({ path, ...c })),
  );
  for (const c of matrix) {
    it.skipIf(skip)(`${c.path}, ${c.operator}, contract policy ${c.policy}: ${c.agreed ? 'agreement' : 'no agreement'} (${c.state})`, async () => {
      h.setup.approval = c.operator === 'auto' ? 'auto' : 'manual';
      h.setup.contractPolicy = CONTRACT_POLICY;
      let n = await reach(h, c.path, c.policy === 'allows' ? allowedAgent : deniedAgent);
      const waits = n.pending && n.state !== 'TERMINATING';
      if (waits && c.operator === 'approved') n = await h.service.approve(n.id);
      if (waits && c.operator === 'rejected') n = await h.service.reject(n.id, 'no');
      if (waits && c.operator === 'approved-after-tightening') {
        h.setup.contractPolicy = TIGHTENED_POLICY;
        const refused = await h.service.approve(n.id).then(
          () => 'approved',
          (e: ConnectorError) => `${e.code}: ${e.detail}`,
        );
        expect(refused).toMatch(/^INVALID_TRANSITION: .*cannot be agreed: .*BPNL000000000002.*It stays pending: (counter-offer|reject)/);
      }
      await h.tick();
      n = await h.stores.negotiations.getById(n.id);
      if (c.state === 'pending') expect(n).toMatchObject({ state: c.path === 'accepted-offer' ? 'ACCEPTED' : 'REQUESTED', pending: true });
      else expect(n.state).toBe(c.state);
      expect((await agreementsOf(h, n)).length).toBe(c.agreed ? 1 : 0);
      const last = h.decisions.filter((d) => d.negotiationId === n.id).at(-1);
      expect(last?.outcome).toBe(c.agreed ? 'agree' : c.state === 'pending' || c.operator === 'rejected' ? 'await-approval' : 'deny');
    });
  }

  it.skipIf(skip)('refuses a counter-request that names an offer of another dataset: no agreement for a1 on the terms of a2', async () => {
    h.setup.approval = 'auto';
    let n = await h.protocol.initialRequest(allowedAgent, msg.request('urn:uuid:gate-swap', offerFor('offer-1', 'a1', OTHER_RULES), h.callback));
    await h.tick();
    n = await h.stores.negotiations.getById(n.id);
    n = await h.protocol.counterRequest(n, allowedAgent, msg.request('urn:uuid:gate-swap', offerFor('offer-2', 'a2', CATALOG_RULES), undefined, n.id));
    expect(n.state).toBe('TERMINATING');
    expect(n.terminationReason).toMatch(/another dataset/);
  });

  it.skipIf(skip)('the AGREEING step refuses to sign a negotiation the gate did not grant', async () => {
    h.setup.approval = 'auto';
    let n = await h.protocol.initialRequest(allowedAgent, msg.request('urn:uuid:gate-forged', offerFor('offer-1', 'a1', CATALOG_RULES), h.callback));
    // A record changed behind the gate's back (e.g. by a bug or by hand): the grant no longer matches the terms.
    n = await h.stores.negotiations.save({ ...n, offer: offerFor('offer-1', 'a1', OTHER_RULES) });
    await h.tick();
    n = await h.stores.negotiations.getById(n.id);
    expect(n.state).toBe('TERMINATED');
    expect(n.terminationReason).toMatch(/terms changed/);
    expect(await agreementsOf(h, n)).toHaveLength(0);
  });
});
