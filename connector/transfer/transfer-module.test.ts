import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus } from '../../core/index.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { createTransferModule, type TransferEvents } from './transfer-module.js';

let unit: TransferUnit;
afterEach(async () => unit.close());

/** The module around the unit's dependencies (its data flows record the cuts), with its events recorded. */
async function setup() {
  unit = await transferUnit();
  const events = createEventBus<TransferEvents>();
  const seen: [string, string | null, string][] = [];
  events.on('transfer.stateChanged', (e) => void seen.push([e.id, e.from, e.to]));
  const { wake: _wake, onChanged: _changed, ...base } = unit.deps;
  const module = createTransferModule(base, { owner: 'unit', retryLimit: 3, retryBaseMs: 1, idleWaitMs: 1000, leaseMs: 30_000, events });
  return { module, seen };
}

describe('the transfer module', () => {
  it('a suspension through the service cuts the running streams at once and emits the change', async () => {
    const { module, seen } = await setup();
    const t = await unit.seed({ role: 'provider', state: 'STARTED' });
    await module.service.suspend(t.id, 'maintenance');
    expect(unit.cut).toEqual([t.id]);
    expect(seen).toEqual([[t.id, 'STARTED', 'SUSPENDING']]);
  });

  it('a save that keeps a flowing transfer flowing cuts nothing and emits nothing', async () => {
    const { module, seen } = await setup();
    const t = await unit.seed({ role: 'provider', state: 'STARTING', transferType: 'HttpData-PULL' });
    unit.peer.answer = { status: 503, body: {} };
    await module.loop.tick();
    expect(await unit.get(t.id)).toMatchObject({ state: 'STARTING', stateCount: 2 });
    expect([unit.cut, seen]).toEqual([[], []]);
  });

  it('a retry of a transfer that may not stream cuts again (another replica may hold a stream), without an event', async () => {
    const { module, seen } = await setup();
    const t = await unit.seed({ role: 'provider', state: 'SUSPENDING' });
    unit.peer.answer = { status: 503, body: {} };
    await module.loop.tick();
    expect(await unit.get(t.id)).toMatchObject({ state: 'SUSPENDING', stateCount: 2 });
    expect([unit.cut, seen]).toEqual([[t.id], []]);
  });

  it("the loop's transition out of a flowing state is reported and cuts", async () => {
    const { module, seen } = await setup();
    const t = await unit.seed({ role: 'provider', state: 'TERMINATING', terminationReason: 'revoked' });
    await module.loop.tick();
    expect(seen).toEqual([[t.id, 'TERMINATING', 'TERMINATED']]);
    expect(unit.cut).toEqual([t.id]);
  });
});
