import { afterEach, describe, expect, it } from 'vitest';
import { transferUnit, type TransferUnit } from '../../../test/helpers/transfer-unit.js';
import { BACKENDS } from '../../../test/helpers/test-database.js';
import { transferService } from '../transfer-service.js';

let unit: TransferUnit | undefined;
afterEach(async () => {
  await unit?.close();
  unit = undefined;
});
const PROVIDER_PID = 'urn:uuid:p-9';

describe.each(BACKENDS)('consumer transfer terminated by an operator while its request is out, on $backend', ({ backend, skip }) => {
  it.skipIf(skip)("should keep the provider's providerPid and send it the termination with the operator's reason", async () => {
    const u = await transferUnit({ backend });
    unit = u;
    u.peer.answer.body = { providerPid: PROVIDER_PID };
    const t = await u.seed({ role: 'consumer', state: 'REQUESTING' });
    // The operator's termination is saved while the provider handles the request: before the step saves REQUESTED.
    u.peer.during = async (received) => {
      if (received.body['@type'] === 'TransferRequestMessage') await transferService(u.deps).terminate(t.id, 'changed mind');
    };
    expect(await u.tick()).toBe(1);
    expect(await u.get(t.id)).toMatchObject({ state: 'TERMINATING', providerPid: PROVIDER_PID, correlationId: PROVIDER_PID, terminationReason: 'changed mind' });
    expect(await u.tick()).toBe(1);
    expect(u.peer.received.map((r) => r.path)).toEqual(['transfers/request', 'transfers/urn%3Auuid%3Ap-9/termination']);
    expect(u.peer.received[1]?.body).toMatchObject({ '@type': 'TransferTerminationMessage', providerPid: PROVIDER_PID, consumerPid: t.id, reason: ['changed mind'] });
    expect(await u.get(t.id)).toMatchObject({
      state: 'TERMINATED',
      history: expect.arrayContaining([expect.objectContaining({ cause: 'TransferTerminationMessage sent' })]),
    });
  });

  it.skipIf(skip)('should record why no termination went out when the provider never acknowledged the request', async () => {
    const u = await transferUnit({ backend });
    unit = u;
    const t = await u.seed({ role: 'consumer', state: 'TERMINATING', terminationReason: 'changed mind' });
    await u.tick();
    expect(u.peer.received).toEqual([]);
    const ended = await u.get(t.id);
    expect(ended.state).toBe('TERMINATED');
    expect(ended.history.at(-1)?.cause).toBe('termination not sent: the provider never acknowledged the request (no providerPid)');
  });
});
