import { Interruption, isConnectorError, type Clock, type ConnectorError, type Logger } from '../../core/index.js';
import { backoffMs, retriesExhausted, type RetryPolicy } from './retry-policy.js';
import type { Lease, StateEntityStore } from './state-entity-store.js';
import type { StatefulEntity } from './stateful-entity.js';
import { LOOP_DEFAULTS } from './loop-defaults.js';
import { renewLease } from './lease-renewal.js';
import { HandlingSlots } from './handling-slots.js';
import { CounterPartyShare, shareOf } from './counterparty-share.js';

/** One outbound step: does its I/O and returns the entity with its transition applied. Never catches errors. */
export interface ProcessorEntry<E extends StatefulEntity> {
  state: E['state'];
  process(entity: E): Promise<E>;
  /** The final-failure transition (e.g. to TERMINATING or TERMINATED) when retries are exhausted or the error is not retryable. */
  onFailure(entity: E, error: unknown): E;
  /** The step's result lost its save to a concurrent change: what of it must still be kept (a peer's id) is kept here. */
  afterLostSave?(attempted: E): Promise<unknown>;
  /** A state that waits for the peer (silence-check.ts): processed only when a claim finds it due, never handed over by a save. */
  waiting?: boolean;
}

export interface StateMachineLoopOptions<E extends StatefulEntity> {
  name: string;
  store: StateEntityStore<E>;
  processors: readonly ProcessorEntry<E>[];
  owner: string;
  clock: Clock;
  logger: Logger;
  retry: RetryPolicy;
  leaseMs?: number;
  batchSize?: number;
  /** Fallback wait when idle: picks up retries and work left by a crashed replica. Wake-ups skip it. */
  idleWaitMs?: number;
  /** Called after every committed change made by the loop. */
  onSaved?(before: E, after: E): void;
}

/** Thrown by a processor that saved the entity before its I/O failed (e.g. a "message out" mark): the failure is handled on `latest`, whose version is the stored one. */
export class StepFailed<E extends StatefulEntity> extends Error {
  constructor(
    readonly failure: unknown,
    readonly latest: E,
  ) {
    super((failure as Error)?.message ?? String(failure));
  }
}

/** A fault of the store under a step or a save (STORE_UNAVAILABLE): temporary, whatever the step was doing. */
function isStoreFault(error: unknown): error is ConnectorError {
  return isConnectorError(error) && error.code === 'STORE_UNAVAILABLE';
}

/** A step this process interrupted itself (it is stopping: core Interruption as the cause): the step did not fail. */
function isInterruption(error: unknown): boolean {
  return isConnectorError(error) && error.cause instanceof Interruption;
}

/** Steps one entity may take in a row under one lease before the loop lets others in (a claim finds it again). */
const MAX_STEPS_IN_A_ROW = 16;

/**
 * Drives entities through their processors: claim with a lease, process, save; retries with back-off. The running
 * loop keeps at most `batchSize` claimed entities in hand and claims for the free slots while the others run.
 */
export class StateMachineLoop<E extends StatefulEntity> {
  private running = false;
  private inFlight: Promise<void> | undefined;
  /** Entities the loop claimed, being handled now (at most batchSize from the running loop). */
  private readonly claimed: HandlingSlots;
  /** Entities handed to the loop by a save that leased them (adopt), being handled now. */
  private readonly adopted: HandlingSlots;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  /** The last claim filled every free slot: more may be due, so a slot that frees claims again at once. */
  private mayHaveMore = false;
  /** Handlings in flight per counterparty: one peer's slow handlings hold a quarter of the slots at most. */
  private readonly share: CounterPartyShare;

  constructor(private readonly o: StateMachineLoopOptions<E>) {
    const batchSize = o.batchSize ?? LOOP_DEFAULTS.batchSize;
    this.claimed = new HandlingSlots(batchSize, o.logger, o.name, () => {
      if (this.mayHaveMore || this.woken) this.wakeUp?.();
    });
    this.adopted = new HandlingSlots(Number.POSITIVE_INFINITY, o.logger, o.name);
    // A peer that gets room again may have due entities the last claim skipped.
    this.share = new CounterPartyShare(shareOf(batchSize), () => this.wakeUp?.());
  }

  /**
   * Claims one batch of due entities over every state with a processor (one query), and handles them concurrently
   * (each is leased to us alone); resolves when they are handled, with how many. Public so tests step the machine.
   */
  async tick(): Promise<number> {
    const handlings = await this.claimAndHandle(this.o.batchSize ?? LOOP_DEFAULTS.batchSize);
    await Promise.all(handlings);
    return handlings.length;
  }

  /**
   * Claims up to `limit` due entities and starts handling each (tracked in `claimed`); returns the handlings. The
   * claim skips counterparties at their share; what it found of a peer beyond its share goes back at once (no attempt
   * is counted), and the slots left are claimed again without that peer.
   */
  private async claimAndHandle(limit: number): Promise<Promise<void>[]> {
    const byState = new Map(this.o.processors.map((p) => [p.state, p]));
    const handlings: Promise<void>[] = [];
    for (let wanted = limit; wanted > 0; ) {
      let entities: E[];
      try {
        entities = await this.o.store.claimDue({
          states: [...byState.keys()],
          limit: wanted,
          owner: this.o.owner,
          leaseMs: this.o.leaseMs ?? LOOP_DEFAULTS.leaseMs,
          skipCounterParties: this.share.full(),
        });
      } catch (error) {
        if (handlings.length === 0) throw error;
        this.o.logger.warn({ err: error, loop: this.o.name }, 'state machine claim failed');
        break;
      }
      const over: E[] = [];
      for (const entity of entities) {
        if (!this.share.take(entity)) {
          over.push(entity);
          continue;
        }
        const handling = this.handle(byState.get(entity.state) as ProcessorEntry<E>, entity).finally(() => this.share.done(entity));
        this.claimed.add(handling);
        handlings.push(handling);
      }
      await Promise.all(over.map((e) => this.o.store.release(e.id, this.o.owner).catch(() => undefined)));
      if (over.length === 0 || entities.length < wanted) break;
      wanted -= entities.length - over.length;
    }
    return handlings;
  }

  /** Runs ticks until none has work left (for tests and the demo; bounded). */
  async drain(maxTicks = 100): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxTicks; i++) {
      const n = await this.tick();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  /**
   * The lease a save may take for this loop (StateEntityStore.saveAndLease) when the entity it saves is due work for
   * the running loop: then the saver hands it over (adopt) and no claim statement is needed to find it. Not a waiting state's.
   */
  leaseFor(entity: E): Lease | undefined {
    if (!this.running || entity.pending || entity.nextAttemptAt > this.o.clock.now()) return undefined;
    if (!this.o.processors.some((p) => p.state === entity.state && !p.waiting)) return undefined;
    return { owner: this.o.owner, leaseMs: this.o.leaseMs ?? LOOP_DEFAULTS.leaseMs };
  }

  /** Handles at once an entity that a save leased to this loop (see leaseFor); `stop` waits for it. */
  adopt(entity: E): void {
    const entry = this.o.processors.find((p) => p.state === entity.state);
    if (!entry) return;
    this.share.add(entity);
    this.adopted.add(this.handle(entry, entity).finally(() => this.share.done(entity)));
  }

  /** Asks the running loop to tick at once (new work was committed). */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.inFlight = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.inFlight;
    await Promise.all([this.claimed.settled(), this.adopted.settled()]);
  }

  /**
   * Claims for the free slots, never waiting for the handlings it started: a slow one holds its slot only. With no
   * slot free it waits for one (a handling that ends wakes it when more may be due) or for a wake.
   */
  private async run(): Promise<void> {
    while (this.running) {
      const free = this.claimed.free;
      if (free === 0) {
        await this.idle();
        continue;
      }
      this.woken = false;
      let n = 0;
      try {
        n = (await this.claimAndHandle(free)).length;
      } catch (error) {
        this.o.logger.warn({ err: error, loop: this.o.name }, 'state machine tick failed');
      }
      // Another claim at once only when there may be due work: every free slot filled, a wake, or a save of its own
      // that left an entity in a state it processes. (A claim after every batch with work cost one claim statement
      // that found nothing.)
      this.mayHaveMore = n === free;
      if (!this.mayHaveMore && !this.woken && this.running) await this.idle();
    }
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(finish, this.o.idleWaitMs ?? LOOP_DEFAULTS.idleWaitMs);
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        finish();
      };
    });
  }

  /**
   * Processes the entity and saves the result. When the result is due work for this loop again, the save keeps the
   * lease and the next step follows at once, without a claim (at most MAX_STEPS_IN_A_ROW, then a claim as usual).
   */
  private async handle(first: ProcessorEntry<E>, claimed: E): Promise<void> {
    let entry = first;
    let entity = claimed;
    for (let step = 1; ; step++) {
      const next = await this.processOnce(entry, entity);
      const lease = step < MAX_STEPS_IN_A_ROW ? this.leaseFor(next) : undefined;
      try {
        const { saved, leased } = lease ? await this.o.store.saveAndLease(next, lease, this.o.owner) : { saved: await this.o.store.save(next, this.o.owner), leased: false };
        this.o.onSaved?.(entity, saved);
        const following = leased ? this.o.processors.find((p) => p.state === saved.state) : undefined;
        if (following && !this.running) {
          // Stopped meanwhile (onSaved may stop the loop): the lease goes back, and the next step waits for a claim.
          await this.o.store.release(saved.id, this.o.owner).catch(() => undefined);
          return;
        }
        if (!following) {
          if (!saved.pending && saved.nextAttemptAt <= this.o.clock.now() && this.o.processors.some((p) => p.state === saved.state)) this.wake();
          return;
        }
        entry = following;
        entity = saved;
      } catch (error) {
        if (isStoreFault(error)) {
          // The store failed the save: nothing changed, and the entity is claimed again (here or elsewhere) later.
          this.o.logger.warn({ id: entity.id, loop: this.o.name, detail: error.detail }, 'saving a state change failed; retried later');
          await this.o.store.release(entity.id, this.o.owner).catch(() => undefined);
          return;
        }
        // Someone else changed it meanwhile (e.g. an inbound termination): theirs wins; drop our lease. The change's
        // own wake came while we held the lease (its claim found nothing): look again now, not at the idle fallback.
        this.o.logger.debug({ err: error, id: entity.id, loop: this.o.name }, 'state change lost to a concurrent update');
        await entry.afterLostSave?.(next).catch((e: unknown) => this.o.logger.warn({ err: e, id: entity.id, loop: this.o.name }, 'keeping part of a lost step failed'));
        await this.o.store.release(entity.id, this.o.owner).catch(() => undefined);
        if (this.running) this.wake();
        return;
      }
    }
  }

  /** One processor run under a renewed lease; a failure becomes its retry or final-failure transition. */
  private async processOnce(entry: ProcessorEntry<E>, entity: E): Promise<E> {
    const renewal = renewLease(this.o.store, entity.id, this.o.owner, this.o.leaseMs ?? LOOP_DEFAULTS.leaseMs, this.o.logger);
    try {
      return await entry.process(entity);
    } catch (error) {
      return error instanceof StepFailed ? this.afterFailure(entry, error.latest as E, error.failure) : this.afterFailure(entry, entity, error);
    } finally {
      await renewal.stop(); // before the save releases the lease, so that no renewal takes it again
    }
  }

  private afterFailure(entry: ProcessorEntry<E>, entity: E, error: unknown): E {
    const retryable = isConnectorError(error) && error.retryable;
    const detail = isConnectorError(error) ? `${error.code}: ${error.detail ?? error.message}` : String((error as Error)?.message ?? error);
    this.o.logger.warn({ id: entity.id, state: entity.state, attempt: entity.stateCount, retryable, detail, loop: this.o.name }, 'processor failed');
    if (isStoreFault(error) || isInterruption(error)) {
      // The store failed or this process interrupted the step, not the step itself: never final (a negotiation or
      // transfer is not ended for it), and it does not use up the step's attempts; the step runs again later.
      return { ...entity, nextAttemptAt: this.o.clock.now() + backoffMs(this.o.retry, Math.max(1, entity.stateCount)), errorDetail: detail };
    }
    if (retryable && !retriesExhausted(this.o.retry, entity.stateCount)) {
      const now = this.o.clock.now();
      return { ...entity, stateCount: entity.stateCount + 1, nextAttemptAt: now + backoffMs(this.o.retry, entity.stateCount), errorDetail: detail };
    }
    return { ...entry.onFailure(entity, error), errorDetail: detail };
  }
}
