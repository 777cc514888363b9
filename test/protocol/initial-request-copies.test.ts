import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PG_URL, type Backend } from '../helpers/test-database.js';
import { allowedAgent, CATALOG_RULES, consumerMessages as msg, offerFor, providerHarness, type ProviderHarness } from '../helpers/provider-negotiation-harness.js';

const BACKENDS: { backend: Backend; skip: boolean }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: !TEST_PG_URL },
];

/**
 * A consumer that retries sends its ContractRequestMessage again, and copies can arrive at once (on PostgreSQL, on
 * several connections or replicas): each copy must be answered with the one negotiation, and only one decided.
 */
describe.each(BACKENDS)('copies of one initial request arriving at once, on $backend', ({ backend, skip }) => {
  let h: ProviderHarness;
  beforeAll(async () => {
    if (!skip) h = await providerHarness(backend);
  });
  afterAll(async () => h?.close());

  it.skipIf(skip)('make one negotiation, decided once, whichever copy wins', async () => {
    const request = msg.request('urn:uuid:copies-1', offerFor('offer-1', 'a1', CATALOG_RULES), h.callback);
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.protocol.initialRequest(allowedAgent, structuredClone(request))));
    expect(new Set(answers.map((n) => n.id)).size).toBe(1);
    const stored = (await h.stores.negotiations.list({ offset: 0, limit: 100 })).items.filter((n) => n.consumerPid === 'urn:uuid:copies-1');
    expect(stored.map((n) => n.id)).toEqual([answers[0]?.id]);
    expect(h.decisions.filter((d) => d.negotiationId === answers[0]?.id)).toHaveLength(1);
  });
});
