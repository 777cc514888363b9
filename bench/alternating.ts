import { latencies, median } from './measure.js';

/** Wall times and the process's CPU times (user + system) of single runs, in ms. */
export interface Timed {
  ms: number[];
  cpuMs: number[];
}

export const WARM_BLOCK = 50;
export const WARM_MAX = 40;

/**
 * Runs an operation and its baseline in alternating blocks until both have settled: three blocks in a row whose
 * medians are none more than 5 % below the best block before them (at most WARM_MAX blocks); returns the blocks run.
 * fetch keeps getting faster for thousands of calls (5 trips: about 3.2 ms at first, 0.75 ms after 1,000 sets in a
 * process of their own), so a warm-up of a few operations compares a warm operation against a cold baseline and
 * flatters the ratio (decision 0036).
 */
export async function warmUp(op: () => Promise<void>, baseline: () => Promise<void>): Promise<number> {
  let bestOp = Number.POSITIVE_INFINITY;
  let bestBaseline = Number.POSITIVE_INFINITY;
  let settled = 0;
  for (let block = 1; block <= WARM_MAX; block++) {
    const opMedian = median(await latencies(WARM_BLOCK, op));
    const baselineMedian = median(await latencies(WARM_BLOCK, baseline));
    const faster = opMedian < 0.95 * bestOp || baselineMedian < 0.95 * bestBaseline;
    bestOp = Math.min(bestOp, opMedian);
    bestBaseline = Math.min(bestBaseline, baselineMedian);
    settled = faster ? 0 : settled + 1;
    if (settled === 3) return block;
  }
  return WARM_MAX;
}

/**
 * Warms both up (warmUp), then times them in 10 alternating blocks of 10, so that the load of a shared machine
 * weighs on both alike, with a pause after each block for what an operation left for later (the outbox relay).
 */
export async function alternate(op: () => Promise<void>, baseline: () => Promise<void>): Promise<{ op: Timed; baseline: Timed; warm: number }> {
  const warm = await warmUp(op, baseline);
  const opTimes: Timed = { ms: [], cpuMs: [] };
  const baselineTimes: Timed = { ms: [], cpuMs: [] };
  for (let block = 0; block < 10; block++) {
    await timed(opTimes, 10, op);
    await pause();
    await timed(baselineTimes, 10, baseline);
    await pause();
  }
  return { op: opTimes, baseline: baselineTimes, warm };
}

/** The report row that says how long the warm-up took. */
export const warmRow = (warm: number) => ({
  label: `warm-up before timing: blocks of ${WARM_BLOCK} of each`,
  value: warm,
  unit: warm === WARM_MAX ? 'blocks (the cap: not settled)' : 'blocks',
});

/** Runs `op` `count` times in a row, recording each run's wall time and the process's CPU time (user + system). */
async function timed(into: Timed, count: number, op: () => Promise<void>): Promise<void> {
  for (let i = 0; i < count; i++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await op();
    into.ms.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    into.cpuMs.push((used.user + used.system) / 1000);
  }
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 100));
