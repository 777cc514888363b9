import type { StatefulEntity } from './stateful-entity.js';

/** The share of a loop's slots one counterparty's handlings may hold at once: a quarter, at least one. */
export function shareOf(batchSize: number): number {
  return Math.max(1, Math.floor(batchSize / 4));
}

/**
 * The handlings a loop runs at once per counterparty, so that one peer whose requests hang (every attempt waits out
 * its timeout) holds at most its share of the loop: its other entities are not claimed while it is at its cap, and
 * other peers' work is claimed in the slots left. Entities without a counterparty are not counted.
 */
export class CounterPartyShare {
  private readonly running = new Map<string, number>();

  constructor(
    private readonly cap: number,
    /** Called when a counterparty at its cap gets room again (its entities may be claimed again). */
    private readonly onRoom: () => void = () => undefined,
  ) {}

  /** The counterparties at their cap: a claim skips their entities. */
  full(): string[] {
    return [...this.running].filter(([, n]) => n >= this.cap).map(([peer]) => peer);
  }

  /** Counts a handling of `entity` when its counterparty is under its cap (or it has none); false: over the cap. */
  take(entity: StatefulEntity): boolean {
    const peer = entity.counterPartyId;
    if (peer === undefined) return true;
    const n = this.running.get(peer) ?? 0;
    if (n >= this.cap) return false;
    this.running.set(peer, n + 1);
    return true;
  }

  /** Counts a handling that must run whatever the cap (an entity handed over by a save). */
  add(entity: StatefulEntity): void {
    const peer = entity.counterPartyId;
    if (peer !== undefined) this.running.set(peer, (this.running.get(peer) ?? 0) + 1);
  }

  /** A handling counted by `take` or `add` ended. */
  done(entity: StatefulEntity): void {
    const peer = entity.counterPartyId;
    if (peer === undefined) return;
    const n = (this.running.get(peer) ?? 1) - 1;
    if (n <= 0) this.running.delete(peer);
    else this.running.set(peer, n);
    if (n === this.cap - 1) this.onRoom();
  }
}
