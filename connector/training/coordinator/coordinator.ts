import { ConnectorError, type IdGenerator } from '../../../core/index.js';
import type { RetryPolicy } from '../../statemachine/retry-policy.js';
import { StateMachineLoop, StepFailed } from '../../statemachine/state-machine-loop.js';
import type { StateEntityStore } from '../../statemachine/state-entity-store.js';
import { applyTransition } from '../../statemachine/transition-table.js';
import { runRound, type CoordinatorDeps } from './coordinator-round.js';
import { gatherStatistics, needsStatistics } from './coordinator-statistics.js';
import { DEFAULT_MAX_MISSED_ROUNDS } from './straggler-rule.js';
import { TRAINING_TRANSITIONS, type Training, type TrainingSite, type TrainingState } from '../training.js';
import { planHash, type TrainingPlan } from '../training-plan.js';
import { checkAggregation } from './aggregation/aggregation-plan.js';
import { checkSecureAggregation } from '../secagg/secure-aggregation-plan.js';
import { checkModelSpec } from '../backend/model-spec.js';
import { newEntity } from '../../statemachine/new-entity.js';
import { ENDED_TRAINING_STATES } from '../after-work-claims.js';
import { withoutRoundState } from '../model-state.js';
import { lastRoundLost, lostRounds, nextRound } from './round-in-flight.js';

export interface StartTraining {
  agreements: { agreementId: string; siteDid: string }[];
  plan: TrainingPlan;
  purpose: string;
  rounds: number;
  /** Minimum-reporting rule: a round closes when at least this many sites delivered (default: all of them). */
  minSites?: number;
  roundTimeoutMs?: number;
  /** Straggler rule: a site that missed this many consecutive rounds (unreachable or timed out) is dropped; ≥ 1, default 2. */
  maxMissedRounds?: number;
}

export interface CoordinatorOptions extends CoordinatorDeps {
  store: StateEntityStore<Training>;
  ids: IdGenerator;
  owner: string;
  retry: RetryPolicy;
  /** Starts our FederatedTraining transfer under an agreement; returns the transfer id. */
  startTransfer(agreementId: string, purpose: string, plan?: TrainingPlan): Promise<string>;
  /** The site's training endpoint once the transfer has started; 'ended' when it was terminated. */
  endpointOf(transferId: string): Promise<string | { ended: string } | undefined>;
  onChanged?(before: Training, after: Training): void;
  preparationTimeoutMs?: number;
  /**
   * The loop's lease (`stateMachine.leaseMs`, default 10 s): renewed while a round runs however long it takes, so it
   * is how long a training whose coordinator died mid-round waits before another process (or the restarted one) takes it up.
   */
  leaseMs?: number;
}

const ended = (state: TrainingState) => (ENDED_TRAINING_STATES as readonly string[]).includes(state);

/** The coordinator: prepares the training transfers, then runs one round per loop step until done. Durable and resumable. */
export class Coordinator {
  readonly loop: StateMachineLoop<Training>;

  constructor(private readonly o: CoordinatorOptions) {
    // An ended training runs no more rounds: the state it kept between them (optimizer moments, tail sum) goes with the end.
    const move = (t: Training, to: TrainingState) => {
      const moved = applyTransition<TrainingState, Training>(TRAINING_TRANSITIONS, t, to, o.clock);
      return ended(to) ? withoutRoundState(moved) : moved;
    };
    this.loop = new StateMachineLoop<Training>({
      name: 'training',
      store: o.store,
      owner: o.owner,
      clock: o.clock,
      logger: o.logger,
      retry: o.retry,
      idleWaitMs: 200,
      ...(o.leaseMs === undefined ? {} : { leaseMs: o.leaseMs }), // else the loops' default (LOOP_DEFAULTS)
      processors: [
        { state: 'PREPARING', process: (t) => this.prepare(t, move), onFailure: (t) => move(t, 'FAILED') },
        {
          state: 'RUNNING',
          process: async (t) => {
            const next = needsStatistics(t) ? await gatherStatistics(t, o) : await this.round(t);
            if (next.failure) {
              const { failure, ...rest } = next;
              return { ...move(rest, 'FAILED'), errorDetail: failure };
            }
            return next.currentRound >= next.rounds ? move(next, 'COMPLETED') : { ...next, nextAttemptAt: o.clock.now() };
          },
          onFailure: (t) => move(t, 'FAILED'),
        },
      ],
      onSaved: (before, after) => o.onChanged?.(before, after),
    });
  }

  async start(input: StartTraining): Promise<Training> {
    if (input.agreements.length === 0) throw new ConnectorError('VALIDATION_FAILED', { detail: 'at least one agreement is needed' });
    if (new Set(input.agreements.map((a) => a.siteDid)).size !== input.agreements.length) {
      throw new ConnectorError('VALIDATION_FAILED', { detail: 'a site may take part in a training once (one update per site and round): name one agreement per site' });
    }
    if (input.minSites !== undefined && input.minSites > input.agreements.length) {
      const message = `exceeds the number of agreements (${input.agreements.length})`;
      throw new ConnectorError('VALIDATION_FAILED', { detail: `/minSites: ${message}: no round could ever close`, violations: [{ pointer: '/minSites', message }] });
    }
    const maxMissedRounds = input.maxMissedRounds ?? DEFAULT_MAX_MISSED_ROUNDS;
    if (!Number.isInteger(maxMissedRounds) || maxMissedRounds < 1) throw new ConnectorError('VALIDATION_FAILED', { detail: 'maxMissedRounds must be an integer of at least 1' });
    checkModelSpec(input.plan.model);
    checkAggregation(input.plan.aggregation, input.minSites ?? input.agreements.length);
    checkSecureAggregation(input.plan, input.minSites ?? input.agreements.length);
    const now = this.o.clock.now();
    const sites: TrainingSite[] = input.agreements.map((a) => ({ agreementId: a.agreementId, siteDid: a.siteDid, status: 'starting', missedRounds: 0 }));
    const training: Training = {
      id: `urn:uuid:${this.o.ids.next()}`,
      ...newEntity('PREPARING', now),
      purpose: input.purpose,
      plan: input.plan,
      planHash: planHash(input.plan),
      rounds: input.rounds,
      currentRound: 0,
      minSites: input.minSites ?? input.agreements.length,
      roundTimeoutMs: input.roundTimeoutMs ?? 60_000,
      maxMissedRounds,
      sites,
      global: this.o.backend.initialParams(input.plan),
      metrics: [],
      checkpoints: [],
      rejected: [],
    };
    const saved = await this.o.store.save(training);
    this.loop.wake();
    return saved;
  }

  async stop(id: string): Promise<Training> {
    const t = await this.o.store.getById(id);
    if (t.state === 'COMPLETED' || t.state === 'STOPPED' || t.state === 'FAILED')
      throw new ConnectorError('INVALID_TRANSITION', { detail: `training '${id}' is already ${t.state}` });
    const moved = withoutRoundState(applyTransition<TrainingState, Training>(TRAINING_TRANSITIONS, t, 'STOPPED', this.o.clock));
    const stopped: Training = { ...moved, errorDetail: 'stopped through the management API' };
    const saved = await this.o.store.save(stopped);
    this.o.onChanged?.(t, saved);
    return saved;
  }

  /**
   * One round under a durable mark: the round's number is saved as asked for before any site is called, so that a
   * coordinator that stops mid-round (or a step that fails after the requests went out) never asks for that number
   * again, which every site that served it would refuse; the training goes on with the next (round-in-flight.ts).
   */
  private async round(t: Training): Promise<Training> {
    const round = nextRound(t);
    const lost = lostRounds(t, round);
    if (lost.length > 0) this.o.logger.warn({ trainingId: t.id, lost, round }, 'a round was asked for and never closed: the training goes on with the next round number');
    if (round > t.rounds) return { ...t, failure: lastRoundLost(t) };
    const asked = await this.o.store.save({ ...t, roundAsked: round });
    try {
      return await runRound(asked, this.o, round);
    } catch (error) {
      throw new StepFailed(error, asked);
    }
  }

  private async prepare(t: Training, move: (t: Training, to: TrainingState) => Training): Promise<Training> {
    const sites = await Promise.all(
      t.sites.map(async (site): Promise<TrainingSite> => {
        if (site.status !== 'starting') return site;
        if (!site.transferId) return { ...site, transferId: await this.o.startTransfer(site.agreementId, t.purpose, t.plan) };
        const endpoint = await this.o.endpointOf(site.transferId);
        if (typeof endpoint === 'object') return { ...site, status: 'dropped', reason: `the training transfer ended: ${endpoint.ended}` };
        return endpoint ? { ...site, endpoint, status: 'active' } : site;
      }),
    );
    const next = { ...t, sites };
    if (sites.every((s) => s.status !== 'starting')) {
      const active = sites.filter((s) => s.status === 'active').length;
      if (active < t.minSites) {
        const why = sites
          .filter((s) => s.status === 'dropped')
          .map((s) => `${s.siteDid}: ${s.reason ?? ''}`)
          .join('; ');
        return { ...move(next, 'FAILED'), errorDetail: `only ${active} sites started, ${t.minSites} needed (${why})` };
      }
      return move(next, 'RUNNING');
    }
    if (this.o.clock.now() - t.createdAt > (this.o.preparationTimeoutMs ?? 60_000))
      throw new ConnectorError('PEER_UNAVAILABLE', { detail: 'the training transfers did not start in time' });
    return { ...next, nextAttemptAt: this.o.clock.now() + 50 };
  }
}
