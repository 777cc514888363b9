import { alternate, warmRow } from './alternating.js';
import { bareServer, tripsTo } from './bare-peer.js';
import { median, report } from './measure.js';
import { deployedRatio } from './negotiation-deployed.js';
import { negotiateOnce, publishOffer, withParties, type Party, type Post } from './negotiation-party.js';
import { replicaThroughput } from './negotiation-replicas.js';

/**
 * Negotiation latency end to end (management POST → FINALIZED on the consumer, median of 100) against the bare HTTP
 * round trips the protocol needs (1 management call + 4 DSP messages) to a no-op peer, in the same run, both first
 * warmed up until they have settled (warmUp), then measured in alternating blocks of 10 so that the load of a shared machine weighs on both alike (with the process's CPU time
 * per operation as a figure the load disturbs less); and
 * throughput with 50 negotiations in flight at once. Two connectors on loopback, SQLite, twice: with the development
 * identity, and with the real one (an authority, membership credentials, DCP tokens and presentations on every
 * protocol message, agreements signed as credentials).
 */
export async function run(): Promise<void> {
  await withParties('dev', (provider, consumer, post) => measure('dev identity', provider, consumer, post));
  await withParties('real', (provider, consumer, post) => measure('real identity: DCP on every message', provider, consumer, post));
  await deployedRatio();
  await replicaThroughput();
}

async function measure(label: string, provider: Party, consumer: Party, post: Post): Promise<void> {
  const offer = await publishOffer(provider, post);
  const negotiate = () => negotiateOnce(consumer, provider, offer);
  const bare = await bareServer();
  const trips = tripsTo(bare.url);
  const timing = await alternate(negotiate, () => trips(5)).finally(() => bare.close());
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 50 }, negotiate));
  const seconds = (performance.now() - t0) / 1000;
  const { op: times, baseline: bareTimes } = timing;
  report(
    `negotiation: end to end on loopback (SQLite, ${label})`,
    [
      { label: 'negotiation to FINALIZED, median of 100', value: median(times.ms), unit: 'ms' },
      { label: '5 bare HTTP round trips to a no-op peer, median', value: median(bareTimes.ms), unit: 'ms' },
      { label: 'CPU time of the process per negotiation, median', value: median(times.cpuMs), unit: 'ms' },
      { label: 'CPU time of the process per 5 bare round trips, median', value: median(bareTimes.cpuMs), unit: 'ms' },
      { label: 'CPU ratio negotiation / bare round trips', value: median(times.cpuMs) / median(bareTimes.cpuMs), unit: '×' },
      { label: '50 concurrent negotiations, throughput', value: 50 / seconds, unit: 'neg/s' },
      warmRow(timing.warm),
    ],
    { label: `negotiation / bare round trips (${label})`, value: median(times.ms) / median(bareTimes.ms) },
  );
}
