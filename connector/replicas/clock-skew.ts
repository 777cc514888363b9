import { ConnectorError, type Clock, type Logger } from '../../core/index.js';

/** How far this process's clock is from the database's, read once around one round trip. */
export interface ClockSkew {
  /** This clock minus the database's at the middle of the round trip (positive: this one is ahead). */
  readonly offsetMs: number;
  /** The round trip: the database read its clock somewhere within it. */
  readonly roundTripMs: number;
}

export interface ClockVerdict {
  readonly level: 'ok' | 'warn' | 'refuse';
  /** The least the clocks can differ by, given the round trip (what the limits apply to), rounded to ms. */
  readonly skewMs: number;
  /** Above this the replica is refused (a quarter of the lease). */
  readonly limitMs: number;
  /** What to tell the operator (empty when ok). */
  readonly message: string;
}

/** Reads this clock before and after the database's: `databaseNow` is the database's time in ms since the epoch. */
export async function measureClockSkew(clock: Clock, databaseNow: () => Promise<number>): Promise<ClockSkew> {
  const before = clock.now();
  const theirs = await databaseNow();
  const after = clock.now();
  return { offsetMs: (before + after) / 2 - theirs, roundTripMs: after - before };
}

/**
 * Replicas compare leases with their own clocks: one ahead by d takes the others' live leases d early, one behind
 * keeps its own d too long. Up to a quarter of the lease (`stateMachine.leaseMs`) a step still ends, with margin,
 * before another replica claims its entity; above that the replica is refused, and above a twentieth it is warned.
 * The skew judged is the least the clocks can differ by: half the round trip is taken off, so a slow answer never
 * refuses a replica whose clock is right.
 */
export function judgeClockSkew(skew: ClockSkew, leaseMs: number): ClockVerdict {
  const skewMs = Math.round(Math.max(0, Math.abs(skew.offsetMs) - skew.roundTripMs / 2));
  const limitMs = Math.floor(leaseMs / 4);
  const level = skewMs > limitMs ? 'refuse' : skewMs > Math.floor(leaseMs / 20) ? 'warn' : 'ok';
  if (level === 'ok') return { level, skewMs, limitMs, message: '' };
  const way = skew.offsetMs > 0 ? 'ahead of' : 'behind';
  const message =
    `this replica's clock is ${skewMs} ms ${way} the database's (measured over a ${Math.round(skew.roundTripMs)} ms round trip); ` +
    `replicas compare leases with their own clocks, so it must stay within ${limitMs} ms (a quarter of stateMachine.leaseMs, ${leaseMs} ms): ` +
    'keep the clocks of every replica and of the database in sync (NTP)';
  return { level, skewMs, limitMs, message };
}

/**
 * At start, on PostgreSQL: a replica whose clock is too far from the database's exits with NOT_READY naming the skew
 * and the lease; one a little off starts with a warning.
 */
export async function checkClockAtStart(o: { clock: Clock; logger: Logger; databaseNow: () => Promise<number>; leaseMs: number }): Promise<ClockVerdict> {
  const verdict = judgeClockSkew(await measureClockSkew(o.clock, o.databaseNow), o.leaseMs);
  if (verdict.level === 'refuse') throw new ConnectorError('NOT_READY', { detail: verdict.message });
  if (verdict.level === 'warn') o.logger.warn({ skewMs: verdict.skewMs, limitMs: verdict.limitMs }, verdict.message);
  return verdict;
}
