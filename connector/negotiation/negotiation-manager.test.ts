import { afterEach, describe, expect, it } from 'vitest';
import { negotiationUnit, type NegotiationUnit } from '../../test/helpers/negotiation-unit.js';

let unit: NegotiationUnit;
afterEach(async () => unit.close());

describe('the negotiation loop (both roles in one loop)', () => {
  it("runs the processor of the negotiation's own role in a state both roles act in (TERMINATING), and reports each save", async () => {
    const saved: [string, string | undefined, string][] = [];
    unit = await negotiationUnit({ overrides: { onChanged: (before, after) => void saved.push([after.id, before?.state, after.state]) } });
    const consumer = await unit.seed({ role: 'consumer', state: 'TERMINATING', providerPid: 'urn:uuid:p-1', terminationReason: 'no longer needed' });
    const provider = await unit.seed({ role: 'provider', state: 'TERMINATING', providerPid: 'urn:uuid:seed-2', terminationReason: 'policy denied' });
    expect(await unit.tick()).toBe(2);
    expect(unit.peer.received.map((r) => [r.path, r.body.reason])).toEqual(
      expect.arrayContaining([
        ['negotiations/urn%3Auuid%3Ap-1/termination', ['no longer needed']],
        [`negotiations/${encodeURIComponent(provider.consumerPid)}/termination`, ['policy denied']],
      ]),
    );
    expect(unit.peer.received).toHaveLength(2);
    expect((await unit.get(consumer.id)).state).toBe('TERMINATED');
    expect((await unit.get(provider.id)).state).toBe('TERMINATED');
    expect(saved).toEqual(
      expect.arrayContaining([
        [consumer.id, 'TERMINATING', 'TERMINATED'],
        [provider.id, 'TERMINATING', 'TERMINATED'],
      ]),
    );
  });

  it('a consumer negotiation the provider never saw ends without a message', async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'consumer', state: 'TERMINATING' });
    await unit.tick();
    expect(unit.peer.received).toEqual([]);
    expect((await unit.get(n.id)).state).toBe('TERMINATED');
  });

  it('leaves states nobody acts in alone (the peer owes the next message)', async () => {
    unit = await negotiationUnit();
    for (const state of ['REQUESTED', 'OFFERED', 'AGREED', 'FINALIZED'] as const) await unit.seed({ role: 'provider', state });
    expect(await unit.tick()).toBe(0);
    expect(unit.peer.received).toEqual([]);
  });
});
