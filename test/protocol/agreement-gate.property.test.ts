import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConnectorError } from '../../core/index.js';
import type { ContractNegotiation } from '../../connector/negotiation/contract-negotiation.js';
import { receiveTermination } from '../../connector/negotiation/negotiation-termination.js';
import { sameRules } from '../../connector/negotiation/same-rules.js';
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
 * A hostile consumer sends any DSP message in any order (requests with our terms, other terms or another
 * dataset's offer, ACCEPTED, verifications, terminations), the provider's loop runs in between, and the operator
 * may act or not. Whatever the sequence: no agreement unless the contract policy allowed the consumer when it
 * was decided, an operator approved where the definition is manual, and the agreement is for the negotiation's
 * dataset on terms the provider stood behind.
 */
type Command =
  | { kind: 'request'; terms: 'same' | 'other'; offer: 'offer-1' | 'offer-2' | 'ghost' }
  | { kind: 'accepted' | 'verification' | 'termination' | 'tick' | 'tighten' }
  | { kind: 'operator'; action: 'approve' | 'reject' | 'counter' };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      terms: fc.constantFrom('same' as const, 'other' as const),
      offer: fc.constantFrom('offer-1' as const, 'offer-1' as const, 'offer-2' as const, 'ghost' as const),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('tick' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('accepted' as const) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('verification' as const, 'termination' as const, 'tighten' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('operator' as const), action: fc.constantFrom('approve' as const, 'reject' as const, 'counter' as const) }) },
);
const run = fc.record({ manual: fc.boolean(), allowed: fc.boolean(), operatorActs: fc.boolean(), commands: fc.array(command, { minLength: 1, maxLength: 14 }) });

const BACKENDS: { backend: Backend; skip: boolean; runs: number }[] = [
  { backend: 'sqlite', skip: false, runs: 300 },
  { backend: 'postgres', skip: !TEST_PG_URL, runs: 60 },
];
const AGREED_OR_LATER = ['AGREED', 'VERIFIED', 'FINALIZING', 'FINALIZED'];
let seq = 0;

const tolerate = (error: unknown) => {
  if (!isConnectorError(error)) throw error; // a refusal is an answer (4xx); anything else is a defect
};

describe.each(BACKENDS)('a hostile consumer against the provider on $backend', ({ backend, skip, runs }) => {
  let h: ProviderHarness;
  beforeAll(async () => {
    if (!skip) h = await providerHarness(backend);
  });
  afterAll(async () => h?.close());

  it.skipIf(skip)('never gets an agreement the contract policy or the operator did not grant', async () => {
    await fc.assert(
      fc.asyncProperty(run, async (r) => {
        h.setup.approval = r.manual ? 'manual' : 'auto';
        h.setup.contractPolicy = CONTRACT_POLICY;
        const agent = r.allowed ? allowedAgent : deniedAgent;
        const pid = `urn:uuid:hostile-${++seq}`;
        let id: string | undefined;
        let operatorApproved = false;
        let counterRules: Record<string, unknown> | undefined;
        let decisionsBeforeTightening: number | undefined;
        const current = async (): Promise<ContractNegotiation | undefined> => (id ? h.stores.negotiations.getById(id) : undefined);
        for (const c of r.commands) {
          const n = await current();
          try {
            if (c.kind === 'tick') await h.tick();
            else if (c.kind === 'tighten') {
              h.setup.contractPolicy = TIGHTENED_POLICY;
              decisionsBeforeTightening ??= h.decisions.length;
            } else if (c.kind === 'request') {
              const offer = offerFor(c.offer, c.offer === 'offer-2' ? 'a2' : 'a1', c.terms === 'same' ? CATALOG_RULES : OTHER_RULES);
              if (!n) id = (await h.protocol.initialRequest(agent, msg.request(pid, offer, h.callback))).id;
              else await h.protocol.counterRequest(n, agent, msg.request(pid, offer, undefined, n.id));
            } else if (!n) continue;
            else if (c.kind === 'accepted') await h.protocol.accepted(n, agent, msg.accepted(n));
            else if (c.kind === 'verification') await h.protocol.verified(n, msg.verification(n));
            else if (c.kind === 'termination') await receiveTermination(h.deps, n, msg.termination(n));
            else if (c.kind === 'operator' && r.operatorActs) {
              if (c.action === 'approve')
                await h.service.approve(n.id).then(() => {
                  operatorApproved = true;
                });
              if (c.action === 'reject') await h.service.reject(n.id, 'no');
              if (c.action === 'counter')
                await h.service.counterOffer(n.id, CATALOG_RULES).then(() => {
                  operatorApproved = true;
                  counterRules = CATALOG_RULES;
                });
            }
          } catch (error) {
            tolerate(error);
          }
        }
        await h.tick();
        const n = await current();
        if (!n) return;
        const agreements = (await h.stores.agreements.list({ offset: 0, limit: 1000 })).items.filter((a) => a.negotiationId === n.id);
        const reachedAgreement = n.history.some((e) => AGREED_OR_LATER.includes(e.state)) || agreements.length > 0;
        if (!r.allowed) expect(reachedAgreement, 'the contract policy denies this consumer').toBe(false);
        if (r.manual && !operatorApproved) expect(reachedAgreement, 'no operator approved').toBe(false);
        for (const a of agreements) {
          expect(a.assetId).toBe(n.assetId);
          expect(sameRules(a.policy, CATALOG_RULES) || (counterRules !== undefined && sameRules(a.policy, counterRules))).toBe(true);
        }
        if (decisionsBeforeTightening !== undefined) {
          const after = h.decisions.slice(decisionsBeforeTightening).filter((d) => d.negotiationId === n.id);
          expect(
            after.some((d) => d.outcome === 'agree'),
            'an agreement decided after the policy was tightened',
          ).toBe(false);
        }
      }),
      { numRuns: runs, seed: 20261206 },
    );
  });
});
