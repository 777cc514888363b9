/** Time as a dependency: the only place in the code base that reads the wall clock. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** The current time as an ISO 8601 string. */
  isoNow(): string;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  isoNow: () => new Date(Date.now()).toISOString(),
};

/** A clock that only moves when told to: for tests. */
export class FixedClock implements Clock {
  constructor(private current: number = Date.parse('2026-01-01T00:00:00Z')) {}
  now(): number {
    return this.current;
  }
  isoNow(): string {
    return new Date(this.current).toISOString();
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(ms: number): void {
    this.current = ms;
  }
}

export function toIso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
