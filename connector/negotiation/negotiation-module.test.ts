import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../../core/index.js';
import { negotiationUnit, OFFER, type NegotiationUnit } from '../../test/helpers/negotiation-unit.js';
import { PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { createNegotiationModule, type NegotiationEvents } from './negotiation-module.js';

let unit: NegotiationUnit;
afterEach(async () => unit.close());

/** The module around the unit's dependencies, with its events recorded. */
async function setup(retryLimit = 1) {
  unit = await negotiationUnit();
  const events = createEventBus<NegotiationEvents>();
  const seen: [string, string | null, string][] = [];
  events.on('negotiation.stateChanged', (e) => void seen.push([e.id, e.from, e.to]));
  const { wake: _wake, onChanged: _changed, ...base } = unit.deps;
  const module = createNegotiationModule(base, { owner: 'unit', retryLimit, retryBaseMs: 1, idleWaitMs: 1000, leaseMs: 30_000, events });
  return { module, seen };
}

describe('the negotiation module', () => {
  it('emits negotiation.stateChanged for a new negotiation and for each state the loop saves', async () => {
    const { module, seen } = await setup();
    const n = await module.service.initiate({ counterPartyAddress: unit.peer.url, counterPartyId: PROVIDER, offer: OFFER });
    expect(seen).toEqual([[n.id, null, 'REQUESTING']]);
    unit.peer.answer = { status: 201, body: { '@type': 'ContractNegotiation', providerPid: 'urn:uuid:p-1', consumerPid: n.id, state: 'REQUESTED' } };
    await module.loop.tick();
    expect(seen).toEqual([
      [n.id, null, 'REQUESTING'],
      [n.id, 'REQUESTING', 'REQUESTED'],
    ]);
  });

  it('emits nothing for a save that keeps the state (a retry after an unavailable peer)', async () => {
    const { module, seen } = await setup(3);
    const n = await module.service.initiate({ counterPartyAddress: unit.peer.url, counterPartyId: PROVIDER, offer: OFFER });
    unit.peer.answer = { status: 503, body: {} };
    await module.loop.tick();
    expect(await unit.get(n.id)).toMatchObject({ state: 'REQUESTING', stateCount: 2 });
    expect(seen).toEqual([[n.id, null, 'REQUESTING']]);
    unit.peer.answer = { status: 201, body: { '@type': 'ContractNegotiation', providerPid: 'urn:uuid:p-1', consumerPid: n.id, state: 'REQUESTED' } };
    unit.clock.advance(60_000);
    await module.loop.tick();
    expect(seen).toEqual([
      [n.id, null, 'REQUESTING'],
      [n.id, 'REQUESTING', 'REQUESTED'],
    ]);
  });
});
