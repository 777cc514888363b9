import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDataSpace, type DemoNode } from '../examples/demo/demo-data-space.js';
import { alternate, warmRow } from './alternating.js';
import { tripsTo } from './bare-peer.js';
import { median, report } from './measure.js';
import { negotiateOnce, nodeParty, type Peer } from './negotiation-party.js';

/**
 * The negotiation as deployed: the provider in a process of its own (negotiation-provider-child.ts), the consumer and
 * the authority in this one, real identity; the baseline is 5 bare round trips from this process to a no-op server
 * in the provider's process. Same warm-up and alternating blocks as the in-process figures. Only wall times: the CPU
 * of the provider's process is not seen from here. Not the goal's figure (that one is measured in one process,
 * where no process switch is counted on either side); it shows what a deployment sees (decision 0036).
 */
export async function deployedRatio(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-negotiation-deployed-'));
  const space = await startDataSpace(dir, [{ name: 'consumer', legalName: 'Consumer', roles: ['consumer'] }], 'silent');
  const child = fork(fileURLToPath(new URL('./negotiation-provider-child.js', import.meta.url)), [dir, space.authorityUrl, space.authority.did]);
  try {
    const { did } = await next<{ did: string }>(child);
    await space.authority.service.register({ did, legalName: 'Provider', roles: ['provider'], businessPartnerGroups: [], frameworkAgreements: ['DataExchangeGovernance:1.0'] });
    child.send('registered');
    const provider = await next<Peer & { offer: Record<string, unknown>; bare: string }>(child);
    const consumer = nodeParty(space.nodes[0] as DemoNode);
    const trips = tripsTo(provider.bare);
    const { op, baseline, warm } = await alternate(
      () => negotiateOnce(consumer, provider, provider.offer),
      () => trips(5),
    );
    report(
      'negotiation: as deployed, the provider in a process of its own (SQLite, real identity)',
      [
        { label: 'negotiation to FINALIZED, median of 100', value: median(op.ms), unit: 'ms' },
        { label: '5 bare HTTP round trips to the other process, median', value: median(baseline.ms), unit: 'ms' },
        warmRow(warm),
      ],
      { label: 'negotiation / bare round trips (as deployed)', value: median(op.ms) / median(baseline.ms) },
    );
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.connected) child.send('stop');
      else child.kill();
      await exited;
    }
    await space.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child's next message, or a rejection when it exits first. */
function next<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`the provider process exited (${code}) before it answered`));
    child.once('exit', exited);
    child.once('message', (message) => {
      child.off('exit', exited);
      resolve(message as T);
    });
  });
}
