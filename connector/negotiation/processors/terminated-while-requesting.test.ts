import { afterEach, describe, expect, it } from 'vitest';
import { negotiationUnit, type NegotiationUnit } from '../../../test/helpers/negotiation-unit.js';
import { BACKENDS } from '../../../test/helpers/test-database.js';
import { negotiationService } from '../negotiation-service.js';

let unit: NegotiationUnit | undefined;
afterEach(async () => {
  await unit?.close();
  unit = undefined;
});
const PROVIDER_PID = 'urn:uuid:p-9';

describe.each(BACKENDS)('consumer negotiation terminated by an operator while its request is out, on $backend', ({ backend, skip }) => {
  it.skipIf(skip)("should keep the provider's providerPid and send it the termination with the operator's reason", async () => {
    const u = await negotiationUnit({ backend });
    unit = u;
    u.peer.answer.body = { providerPid: PROVIDER_PID };
    const n = await u.seed({ role: 'consumer', state: 'REQUESTING' });
    // The operator's termination is saved while the provider handles the request: before the step saves REQUESTED.
    u.peer.during = async (received) => {
      if (received.body['@type'] === 'ContractRequestMessage') await negotiationService(u.deps).terminate(n.id, 'changed mind');
    };
    expect(await u.tick()).toBe(1);
    expect(await u.get(n.id)).toMatchObject({ state: 'TERMINATING', providerPid: PROVIDER_PID, correlationId: PROVIDER_PID, terminationReason: 'changed mind' });
    expect(await u.tick()).toBe(1);
    expect(u.peer.received.map((r) => r.path)).toEqual(['negotiations/request', 'negotiations/urn%3Auuid%3Ap-9/termination']);
    expect(u.peer.received[1]?.body).toMatchObject({
      '@type': 'ContractNegotiationTerminationMessage',
      providerPid: PROVIDER_PID,
      consumerPid: n.id,
      reason: ['changed mind'],
    });
    expect(await u.get(n.id)).toMatchObject({ state: 'TERMINATED', history: expect.arrayContaining([expect.objectContaining({ cause: 'termination sent' })]) });
  });

  it.skipIf(skip)('should record why no termination went out when the provider never acknowledged the request', async () => {
    const u = await negotiationUnit({ backend });
    unit = u;
    const n = await u.seed({ role: 'consumer', state: 'TERMINATING', terminationReason: 'changed mind' });
    await u.tick();
    expect(u.peer.received).toEqual([]);
    const ended = await u.get(n.id);
    expect(ended.state).toBe('TERMINATED');
    expect(ended.history.at(-1)?.cause).toBe('termination not sent: the provider never acknowledged the request (no providerPid)');
  });
});
