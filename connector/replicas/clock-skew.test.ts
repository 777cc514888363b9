import { describe, expect, it } from 'vitest';
import { FixedClock, isConnectorError, type Logger } from '../../core/index.js';
import { checkClockAtStart, judgeClockSkew, measureClockSkew } from './clock-skew.js';

const LEASE = 10_000;

/** A database whose clock is `offsetMs` from `clock` (negative: this replica is ahead) and answers after `roundTripMs`. */
function database(clock: FixedClock, offsetMs: number, roundTripMs = 4) {
  return async () => {
    clock.advance(roundTripMs / 2);
    const theirs = clock.now() + offsetMs;
    clock.advance(roundTripMs / 2);
    return theirs;
  };
}

function recordingLogger() {
  const warnings: string[] = [];
  const logger = { warn: (_o: unknown, message: string) => void warnings.push(message) } as unknown as Logger;
  return { logger, warnings };
}

describe('measureClockSkew and judgeClockSkew', () => {
  it('should measure this clock against the database’s at the middle of the round trip', async () => {
    const clock = new FixedClock();
    expect(await measureClockSkew(clock, database(clock, -30_000, 10))).toEqual({ offsetMs: 30_000, roundTripMs: 10 });
    expect(await measureClockSkew(clock, database(clock, 700, 2))).toEqual({ offsetMs: -700, roundTripMs: 2 });
  });

  it('should refuse above a quarter of the lease, warn above a twentieth, and say which way', () => {
    expect(judgeClockSkew({ offsetMs: 100, roundTripMs: 2 }, LEASE)).toMatchObject({ level: 'ok', skewMs: 99, message: '' });
    expect(judgeClockSkew({ offsetMs: 1_000, roundTripMs: 2 }, LEASE)).toMatchObject({ level: 'warn', skewMs: 999 });
    const ahead = judgeClockSkew({ offsetMs: 30_000, roundTripMs: 4 }, LEASE);
    expect(ahead).toMatchObject({ level: 'refuse', skewMs: 29_998, limitMs: 2_500 });
    expect(ahead.message).toMatch(/^this replica's clock is 29998 ms ahead of the database's .*within 2500 ms \(a quarter of stateMachine\.leaseMs, 10000 ms\).*NTP/);
    expect(judgeClockSkew({ offsetMs: -3_000, roundTripMs: 4 }, LEASE)).toMatchObject({ level: 'refuse', message: expect.stringContaining('ms behind the database') });
    expect(judgeClockSkew({ offsetMs: 3_000, roundTripMs: 4 }, 60_000)).toMatchObject({ level: 'ok' }); // a longer lease tolerates more
  });

  it('should not refuse a right clock for a slow answer: half the round trip is taken off', () => {
    expect(judgeClockSkew({ offsetMs: 3_000, roundTripMs: 6_000 }, LEASE)).toMatchObject({ level: 'ok', skewMs: 0 });
  });
});

describe('checkClockAtStart', () => {
  it('should refuse a replica 30 s ahead of the database, naming the skew and the lease', async () => {
    const clock = new FixedClock();
    const { logger } = recordingLogger();
    const refused = await checkClockAtStart({ clock, logger, databaseNow: database(clock, -30_000), leaseMs: LEASE }).catch((e: unknown) => e);
    expect(isConnectorError(refused) && refused.code).toBe('NOT_READY');
    expect((refused as Error).message).toMatch(/29998 ms ahead of the database's.*stateMachine\.leaseMs, 10000 ms/);
  });

  it('should start a replica a little off with a warning, and one in sync silently', async () => {
    const clock = new FixedClock();
    const { logger, warnings } = recordingLogger();
    await expect(checkClockAtStart({ clock, logger, databaseNow: database(clock, 800), leaseMs: LEASE })).resolves.toMatchObject({ level: 'warn' });
    expect(warnings).toEqual([expect.stringMatching(/798 ms behind the database's/)]);
    await expect(checkClockAtStart({ clock, logger, databaseNow: database(clock, 5), leaseMs: LEASE })).resolves.toMatchObject({ level: 'ok' });
    expect(warnings).toHaveLength(1);
  });
});
