import type { Training } from '../connector/training/training.js';
import type { TrainingPlan } from '../connector/training/training-plan.js';
import { startDataSpace, type DemoNode } from '../examples/demo/demo-data-space.js';
import { TRAINING_PURPOSE } from '../examples/demo/demo-offers.js';
import { negotiateWithSites } from '../examples/demo/negotiate-all.js';

/** Profiles the timed part only (`--cpu-prof FILE` of the bench child). */
export interface CpuProfile {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A round may take minutes on a busy machine (the realistic workload): the bench measures time, it does not drop sites. */
const ROUND_TIMEOUT_MS = 1_800_000;

export interface GovernedRun {
  /** From the training's creation to COMPLETED (transfer start, statistics, every round). */
  totalMs: number;
  /** CPU time (user + system, every thread of the process: all nodes, the authority, the training workers) of the timed part. */
  cpuMs: number;
  /** CPU time (every thread) of rounds 2…n, per round: the steady per-round CPU cost, without the start. */
  steadyCpuMs: number;
  /** Mean time of rounds 2…n (from the first round's end to the last one's), the steady per-round cost. */
  steadyRoundMs: number;
  rounds: number;
  /** Rounds of the untimed training before the timed one (0: none). */
  warmupRounds: number;
  accuracy: number;
  /** How the nodes prove who they are: what the bench prints in its label. */
  identity: string;
}

/**
 * A real data space on loopback (authority, `sites` connectors and a coordinator, each with its own SQLite store and
 * keys): every node's identity is DCP (membership credentials issued by the authority, verified presentations,
 * self-issued tokens), checked before the run. Each site publishes its offer (with a round budget for the warm-up and
 * the timed training), the coordinator negotiates and runs the training through the management API; the timed part
 * is the training alone. With `warmupRounds`, a training of that many rounds runs first over the same agreements, as
 * the in-process baseline runs once before it is timed: the timed rounds then run on code the JIT has compiled.
 */
export async function governedTraining(
  dir: string,
  siteNames: readonly string[],
  plan: TrainingPlan,
  rounds: number,
  publish: (site: DemoNode, name: string, coordinatorDid: string, roundBudget: number) => Promise<void>,
  profile?: CpuProfile,
  warmupRounds = 0,
  siteSettings: Record<string, unknown> = {},
): Promise<GovernedRun> {
  const members = [
    ...siteNames.map((n) => ({ name: n, legalName: n, roles: ['data-site'], overrides: siteSettings })),
    { name: 'coordinator', legalName: 'Coordinator', roles: ['coordinator'] },
  ];
  const space = await startDataSpace(dir, members, 'silent');
  try {
    const identity = identityOf(space.nodes);
    const sites = space.nodes.slice(0, siteNames.length);
    const coordinator = space.nodes[siteNames.length] as DemoNode;
    for (const [i, site] of sites.entries()) await publish(site, siteNames[i] as string, coordinator.did, rounds + warmupRounds);
    const agreements = (await negotiateWithSites(coordinator, sites, () => undefined)).map((a) => a.agreementId);
    if (warmupRounds > 0) {
      const warm = await runTraining(coordinator, agreements, plan, warmupRounds);
      if (warm.training.state !== 'COMPLETED') throw new Error(`warm-up training ${warm.training.state}: ${warm.training.errorDetail ?? ''}`);
    }
    await profile?.start();
    const start = performance.now();
    const cpu = process.cpuUsage();
    const { training, afterFirst, afterLast } = await runTraining(coordinator, agreements, plan, rounds);
    const totalMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    await profile?.stop();
    if (training.state !== 'COMPLETED') throw new Error(`training ${training.state}: ${training.errorDetail ?? ''}`);
    const first = training.metrics[0]?.at ?? 0;
    const last = training.metrics[training.metrics.length - 1]?.at ?? 0;
    return {
      totalMs,
      cpuMs: (used.user + used.system) / 1000,
      steadyCpuMs: afterFirst && afterLast && rounds > 1 ? cpuMs(afterFirst, afterLast) / (rounds - 1) : Number.NaN,
      steadyRoundMs: rounds > 1 ? (last - first) / (rounds - 1) : totalMs,
      rounds,
      warmupRounds,
      accuracy: training.metrics[training.metrics.length - 1]?.accuracy ?? Number.NaN,
      identity,
    };
  } finally {
    await space.stop();
  }
}

/** One training through the management API, to its end; the process's CPU usage when round 1 and the last round ended. */
async function runTraining(coordinator: DemoNode, agreements: string[], plan: TrainingPlan, rounds: number) {
  let id: string | undefined;
  const seen = new Map<string, { afterFirst?: NodeJS.CpuUsage; afterLast?: NodeJS.CpuUsage; ended?: Training }>();
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const off = coordinator.connector.events.on('training.changed', (e) => {
    const s = seen.get(e.id) ?? {};
    seen.set(e.id, s);
    if (e.round === 1 && !s.afterFirst) s.afterFirst = process.cpuUsage();
    if (e.round === rounds && !s.afterLast) s.afterLast = process.cpuUsage();
    if (!['PREPARING', 'RUNNING'].includes(e.to)) {
      s.ended = e.training;
      if (e.id === id) resolveDone();
    }
  });
  try {
    ({ id } = await coordinator.api<{ id: string }>('POST', '/api/v1/trainings', { agreements, plan, purpose: TRAINING_PURPOSE, rounds, roundTimeoutMs: ROUND_TIMEOUT_MS }));
    if (seen.get(id)?.ended) resolveDone();
    await done;
  } finally {
    off();
  }
  const s = seen.get(id) ?? {};
  return { training: s.ended as Training, afterFirst: s.afterFirst, afterLast: s.afterLast };
}

const cpuMs = (from: NodeJS.CpuUsage, to: NodeJS.CpuUsage) => (to.user - from.user + to.system - from.system) / 1000;

/** Refuses to measure anything but the real identity: every node DCP, with a verifier, under the demo's authority. */
function identityOf(nodes: DemoNode[]): string {
  for (const n of nodes) {
    const { config, identity } = n.connector;
    if (config.identity.kind !== 'dcp' || !identity || !config.identity.authorityUrl)
      throw new Error(`${n.name} does not use the DCP identity (identity.kind ${config.identity.kind})`);
  }
  return 'DCP identity: authority-issued membership credentials, verified presentations';
}
