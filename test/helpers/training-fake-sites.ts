import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorError, FixedClock, silentLogger } from '../../core/index.js';
import { createOutboundPolicy } from '../../connector/http/outbound/index.js';
import { makeSites } from '../../connector/training/secagg/secagg-test-kit.js';
import { secAggStep } from '../../connector/training/secagg/secagg-route.js';
import { statisticsHash } from '../../connector/training/statistics-hash.js';
import type { FeatureStatistics, TrainingBackend } from '../../connector/training/training-backend.js';
import type { Training, TrainingSite } from '../../connector/training/training.js';
import type { TrainingPlan } from '../../connector/training/training-plan.js';
import { receiptSigner } from '../../connector/training/update-receipts.js';
import type { CoordinatorDecision, CoordinatorDeps } from '../../connector/training/coordinator/coordinator-round.js';
import { SITE_SUSPENDED_DETAIL } from '../../connector/training/coordinator/site-suspension.js';

/** What a fake site was asked: the route (`rounds` or `secagg`), the task or step, the round and the scaling it brought. */
export interface SiteCall {
  siteDid: string;
  path: string;
  what: string;
  round: number;
  scaling?: unknown;
}

/** The feature statistics fake site `i` answers: its own count, means and variances of the two plan features. */
export const statisticsOf = (i: number): FeatureStatistics => ({ sampleCount: 40 + 10 * i, mean: [i, 2 * i], variance: [1 + i, 2] });

/** The plain update fake site `i` trains from the global model: every parameter moved by 1 + i. */
export const updateOf = (i: number, global: readonly number[]): number[] => global.map((x) => x + 1 + i);

export const kitPlan = {
  model: 'softmax-regression',
  features: ['a', 'b'],
  label: 'y',
  classes: ['p', 'q'],
  localEpochs: 1,
  learningRate: 0.1,
  batchSize: 8,
  scaling: { mean: [], std: [] },
  standardize: 'federated',
  seed: 1,
} as unknown as TrainingPlan;

type SignerIdentity = ReturnType<Parameters<typeof receiptSigner>[0]>;
const modelHash = (p: readonly number[]) => `h:${p.join(',')}`;
const backend = {
  modelHash,
  aggregate: (updates: readonly { params: readonly number[]; sampleCount: number }[]) => {
    const total = updates.reduce((n, u) => n + u.sampleCount, 0);
    return (updates[0]?.params ?? []).map((_, j) => updates.reduce((s, u) => s + (u.params[j] ?? 0) * u.sampleCount, 0) / total);
  },
} as unknown as TrainingBackend;

/**
 * In-process training sites behind one loopback HTTP server, and the coordinator's dependencies to call them: each site
 * answers the statistics, fit and evaluate tasks of `/rounds` with its own signed receipt and its secure-aggregation steps
 * of `/secagg` (the real protocol); a site in `suspendedAtSite` answers every request as a suspended site does (403). The
 * coordinator's own transfer states are in `states` (by its transfer id, `tp-i`). Every request is kept in `calls`.
 * With `refuseReplays` a site refuses a round it served already (403), as a real site does.
 */
export async function fakeSites(n: number, options: { refuseReplays?: boolean } = {}) {
  const kit = makeSites(n);
  /** With `refuseReplays`: per site, the last fit and evaluation round served (the site gate's round counter). */
  const served = new Map<string, { fit: number; evaluate: number }>();
  const suspendedAtSite = new Set<string>();
  const states = new Map<string, string>();
  const calls: SiteCall[] = [];
  const recorded: CoordinatorDecision[] = [];
  /** Runs once a site has answered a task or step (200), before the answer leaves: e.g. the site suspends right after it. */
  const hooks: { afterAnswer?: (siteDid: string, what: string) => void } = {};
  const server: Server = createServer((req, res) => {
    void answer(req).then(
      ([status, body, call]) => {
        if (status === 200 && call) hooks.afterAnswer?.(call.siteDid, call.what);
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      },
      (error: unknown) => res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: (error as Error).message })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sites: TrainingSite[] = kit.sites.map((s, i) => ({
    agreementId: `ag-${i}`,
    siteDid: s.did,
    transferId: `tp-${i}`,
    endpoint: `${base}/api/training/site-tp-${i}`,
    status: 'active',
    missedRounds: 0,
  }));

  async function answer(req: IncomingMessage): Promise<[number, unknown, SiteCall?]> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    const [, tid, path] = /^\/api\/training\/site-tp-(\d+)\/(rounds|secagg)$/.exec(req.url ?? '') ?? [];
    const i = Number(tid);
    const site = kit.sites[i];
    if (!site || !path) return [404, { detail: 'no such route' }];
    const call: SiteCall = { siteDid: site.did, path, what: String(body.step ?? body.task), round: Number(body.round), ...(body.scaling ? { scaling: body.scaling } : {}) };
    calls.push(call);
    if (suspendedAtSite.has(site.did)) return [403, { detail: SITE_SUSPENDED_DETAIL }];
    if (path === 'secagg') return [200, await secAggStep(site.protocol, body), call];
    const replay = options.refuseReplays ? replayed(site.did, String(body.task), Number(body.round)) : undefined;
    if (replay) return [403, { code: 'POLICY_DENIED', detail: replay }];
    const sign = receiptSigner(() => site.identity as SignerIdentity); // the kit's keys are Ed25519 KeyObjects
    const round = Number(body.round);
    const global = body.global as number[];
    const receipt = (task: 'fit' | 'evaluate' | 'statistics', updateHash: string, sampleCount: number) =>
      sign({ site: site.did, agreementId: `ag-${i}`, transferId: `site-tp-${i}`, round, task, updateHash, sampleCount, at: '2026-01-01T00:00:00.000Z' });
    const identityToken = `id:${site.did}`;
    const count = statisticsOf(i).sampleCount;
    if (body.task === 'statistics') {
      const statistics = statisticsOf(i);
      return [200, { statistics, receipt: await receipt('statistics', statisticsHash(backend, statistics), count), identityToken }, call];
    }
    if (body.task === 'fit') {
      const plain = updateOf(i, global);
      // Under secure aggregation the update leaves weighted by its count and masked (secagg/masked-release.ts).
      const secagg = body.secagg as { trainingId: string; sealed: Record<string, string> } | undefined;
      const r = { trainingId: secagg?.trainingId ?? '', round, threshold: (body.plan as TrainingPlan).secureAggregation?.threshold ?? 0 };
      const params = secagg
        ? site.protocol.maskInput(
            r,
            plain.map((x) => x * count),
            secagg.sealed,
          )
        : plain;
      const update = { params, sampleCount: count, metrics: { accuracy: 0.5, loss: 0.5 } };
      return [200, { update, receipt: await receipt('fit', modelHash(params), count), identityToken }, call];
    }
    const evaluation = { sampleCount: count, accuracy: 0.5, loss: 0.5 };
    return [200, { evaluation, receipt: await receipt('evaluate', modelHash(global), count), identityToken }, call];
  }

  /** As the site gate (site-gate.ts): a fit round at or below the last served one is refused, an evaluation only of that round, once. */
  function replayed(siteDid: string, task: string, round: number): string | undefined {
    const last = served.get(siteDid) ?? { fit: 0, evaluate: 0 };
    if (task === 'fit' && round <= last.fit) return `round ${round} was already served or is older than the last served round ${last.fit} (no replaying rounds)`;
    if (task === 'evaluate' && (round !== last.fit || round <= last.evaluate)) return `no evaluation of round ${round} (last served ${last.fit}, evaluated ${last.evaluate})`;
    if (task === 'fit') served.set(siteDid, { ...last, fit: round });
    if (task === 'evaluate') served.set(siteDid, { ...last, evaluate: round });
    return undefined;
  }

  const deps = {
    agreements: { findById: async () => ({ status: 'active' }) },
    transferEnded: async () => undefined,
    transferState: async (id: string) => states.get(id),
    auth: {
      tokenFor: async () => 'Bearer coordinator',
      authenticate: async (header: string | undefined) => {
        const did = /^Bearer id:(.+)$/.exec(header ?? '')?.[1];
        if (!did) throw new ConnectorError('UNAUTHORIZED');
        return { id: did };
      },
    },
    outbound: createOutboundPolicy({ allowLoopback: true }),
    resolveKey: kit.resolveKey,
    clock: new FixedClock(),
    logger: silentLogger,
    backend,
    record: async (entries: readonly CoordinatorDecision[]) => {
      recorded.push(...entries);
    },
  } as unknown as CoordinatorDeps;

  /** A running training over these sites (before round 1 unless told otherwise). */
  const training = (over: Partial<Training> = {}): Training =>
    ({
      id: 'urn:uuid:training-1',
      state: 'RUNNING',
      purpose: 'p',
      plan: kitPlan,
      planHash: 'ph',
      rounds: 3,
      currentRound: 0,
      minSites: 2,
      roundTimeoutMs: 5_000,
      maxMissedRounds: 2,
      sites,
      global: [0, 0, 0, 0, 0, 0],
      metrics: [],
      checkpoints: [],
      rejected: [],
      ...over,
    }) as unknown as Training;

  return {
    kit,
    sites,
    deps,
    states,
    suspendedAtSite,
    calls,
    recorded,
    hooks,
    training,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
