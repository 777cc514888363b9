import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import { DataFlowRegistry } from '../dataplane/data-flow-registry.js';
import { PolicyMonitor } from './policy-monitor.js';

let unit: TransferUnit;
beforeEach(async () => (unit = await transferUnit()));
afterEach(async () => unit.close());

/** A monitor over the unit's store whose agreements all hold: only the streams' own transfers decide. */
function monitorWith(streams: DataFlowRegistry, terminated: string[]): PolicyMonitor {
  return new PolicyMonitor({
    transfers: unit.stores.transfers,
    agreements: unit.stores.agreements,
    policy: unit.deps.policy,
    logger: silentLogger,
    streams,
    terminate: async (id) => void terminated.push(id),
  });
}

describe('the policy monitor and the streams of this replica', () => {
  it('should cut the streams of transfers another replica ended (TERMINATING, TERMINATED, SUSPENDED) and keep those that may flow', async () => {
    const agent = { id: 'did:web:consumer.example', claims: { credentialTypes: [] } };
    const terminating = await unit.seed({ role: 'provider', state: 'TERMINATING', agent });
    const terminated = await unit.seed({ role: 'provider', state: 'TERMINATED', agent });
    const suspended = await unit.seed({ role: 'provider', state: 'SUSPENDED', agent });
    const started = await unit.seed({ role: 'provider', state: 'STARTED', agent });
    const starting = await unit.seed({ role: 'provider', state: 'STARTING', agent });
    const streams = new DataFlowRegistry();
    const flows = Object.fromEntries([terminating, terminated, suspended, started, starting].map((t) => [t.state, streams.track(t.id)]));
    const unknown = streams.track('urn:uuid:no-such-transfer');
    const ended: string[] = [];
    expect(await monitorWith(streams, ended).tick()).toBe(0);
    expect(ended).toEqual([]); // nothing ended here: the cuts follow what others decided
    expect(Object.fromEntries(Object.entries(flows).map(([state, f]) => [state, f.signal.aborted]))).toEqual({
      TERMINATING: true,
      TERMINATED: true,
      SUSPENDED: true,
      STARTED: false,
      STARTING: false,
    });
    expect(String((flows.TERMINATING?.signal.reason as Error | undefined)?.message)).toBe('the transfer is TERMINATING');
    expect(unknown.signal.aborted).toBe(true);
    expect(streams.transferIds().sort()).toEqual([started.id, starting.id].sort());
  });
});
