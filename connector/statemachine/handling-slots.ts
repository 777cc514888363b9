import type { Logger } from '../../core/index.js';

/**
 * The entity handlings a loop runs at once. The running loop claims only as many entities as there are free slots
 * and claims again while others still run, so one slow handling (a push to a destination that stopped reading, a
 * webhook receiver that never answers) holds its own slot and nothing else. `settled` waits for every handling,
 * including those that start meanwhile (for `stop`).
 */
export class HandlingSlots {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly capacity: number,
    private readonly logger: Logger,
    private readonly loop: string,
    /** Called after a handling ended and gave its slot back. */
    private readonly onFree: () => void = () => undefined,
  ) {}

  /** How many more handlings may start now (never negative). */
  get free(): number {
    return Math.max(0, this.capacity - this.running.size);
  }

  /** Tracks a handling until it ends; a failure the handling did not catch is logged here (nobody else awaits it). */
  add(handling: Promise<void>): void {
    const tracked: Promise<void> = handling
      .catch((error: unknown) => this.logger.warn({ err: error, loop: this.loop }, 'handling an entity failed'))
      .finally(() => {
        this.running.delete(tracked);
        this.onFree();
      });
    this.running.add(tracked);
  }

  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
