import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLiteral } from '../../catalog/index.js';
import type { ContractNegotiation } from '../../connector/negotiation/contract-negotiation.js';
import { AGREEMENT_CREDENTIAL_KEY } from '../../connector/negotiation/consumer-negotiation-protocol.js';
import { CATALOG_RULES, offerFor, OTHER_RULES, PROVIDER, providerHarness, type ProviderHarness } from '../helpers/provider-negotiation-harness.js';

/**
 * The consumer accepts an agreement only for what it requested or accepted (parties, dataset, rules); the provider's
 * agreement credential is verified when present and required only where the operator says so.
 */
const PEER = 'did:web:strict-provider.test';
const LAX = 'did:web:plain-provider.test';
let h: ProviderHarness;
const verified: unknown[] = [];
beforeAll(async () => {
  h = await providerHarness('sqlite', {
    requireAgreementCredential: (provider) => provider === PEER,
    signer: {
      sign: async () => undefined,
      verify: async (_p, credential) => {
        verified.push(credential);
        return (credential as { ok?: boolean }).ok ? undefined : 'the agreement credential does not verify';
      },
    },
  });
});
afterAll(async () => h?.close());

let n = 0;
async function requested(provider: string): Promise<ContractNegotiation> {
  const id = `urn:uuid:consumer-${++n}`;
  const now = Date.now();
  return h.stores.negotiations.save({
    id,
    role: 'consumer',
    state: 'REQUESTED',
    stateCount: 1,
    stateTimestamp: now,
    nextAttemptAt: now + 3_600_000,
    pending: false,
    version: 0,
    createdAt: now,
    updatedAt: now,
    consumerPid: id,
    providerPid: `${id}-p`,
    correlationId: `${id}-p`,
    counterPartyId: provider,
    counterPartyAddress: h.callback,
    offer: offerFor('offer-1', 'a1', CATALOG_RULES),
    handledMessages: [],
    history: [],
  });
}
const agreementMessage = (cur: ContractNegotiation, rules: Record<string, unknown>, extra: Record<string, unknown> = {}, assigner = cur.counterPartyId) => ({
  '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
  '@type': 'ContractAgreementMessage',
  providerPid: cur.providerPid,
  consumerPid: cur.id,
  agreement: { '@id': `urn:uuid:agr-${cur.id}`, '@type': 'Agreement', target: 'a1', assigner, assignee: PROVIDER, timestamp: '2026-06-01T00:00:00Z', ...rules },
  ...extra,
});

describe('the consumer checks the agreement it receives', () => {
  it('accepts a spec-conformant agreement without a credential from a provider it does not require one of', async () => {
    const cur = await requested(LAX);
    expect((await h.consumerProtocol.agreement(cur, agreementMessage(cur, CATALOG_RULES))).state).toBe('VERIFYING');
  });

  it('refuses an agreement without a credential where the operator requires one', async () => {
    const cur = await requested(PEER);
    const after = await h.consumerProtocol.agreement(cur, agreementMessage(cur, CATALOG_RULES));
    expect(after).toMatchObject({ state: 'TERMINATING', terminationReason: expect.stringMatching(/without its credential/) });
  });

  it('verifies a credential that comes with the agreement (as a JSON literal) and refuses it when it does not verify', async () => {
    const good = await requested(LAX);
    expect((await h.consumerProtocol.agreement(good, agreementMessage(good, CATALOG_RULES, { [AGREEMENT_CREDENTIAL_KEY]: jsonLiteral({ ok: true }) }))).state).toBe('VERIFYING');
    expect(verified.at(-1)).toEqual({ ok: true });
    const bad = await requested(LAX);
    const after = await h.consumerProtocol.agreement(bad, agreementMessage(bad, CATALOG_RULES, { [AGREEMENT_CREDENTIAL_KEY]: jsonLiteral({ ok: false }) }));
    expect(after).toMatchObject({ state: 'TERMINATING', terminationReason: expect.stringMatching(/does not verify/) });
    // Present but unreadable (a literal around something that is no object) is refused too, never taken as absent.
    const odd = await requested(LAX);
    const refused = await h.consumerProtocol.agreement(odd, agreementMessage(odd, CATALOG_RULES, { [AGREEMENT_CREDENTIAL_KEY]: { '@type': '@json', '@value': 'eyJhbGciOi' } }));
    expect(refused).toMatchObject({ state: 'TERMINATING', terminationReason: expect.stringMatching(/not a credential object/) });
  });

  it('refuses an agreement on other rules than requested, for another assigner, or for another dataset', async () => {
    const rules = await requested(LAX);
    expect(await h.consumerProtocol.agreement(rules, agreementMessage(rules, OTHER_RULES))).toMatchObject({
      state: 'TERMINATING',
      terminationReason: expect.stringMatching(/other rules/),
    });
    const assigner = await requested(LAX);
    expect(await h.consumerProtocol.agreement(assigner, agreementMessage(assigner, CATALOG_RULES, {}, 'did:web:someone-else'))).toMatchObject({
      state: 'TERMINATING',
      terminationReason: expect.stringMatching(/assigner/),
    });
    const target = await requested(LAX);
    const message = agreementMessage(target, CATALOG_RULES);
    expect(await h.consumerProtocol.agreement(target, { ...message, agreement: { ...message.agreement, target: 'a2' } })).toMatchObject({
      state: 'TERMINATING',
      terminationReason: expect.stringMatching(/another dataset/),
    });
  });
});
