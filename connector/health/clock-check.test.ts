import { describe, expect, it } from 'vitest';
import { FixedClock, type Logger } from '../../core/index.js';
import { clockCheck } from './clock-check.js';

describe('clockCheck', () => {
  it('should fail while the clock is too far from the database’s, logging an error once, and pass again when it is back', async () => {
    const clock = new FixedClock();
    let offset = 0;
    const databaseNow = async () => clock.now() + offset;
    const logged: string[] = [];
    const logger = {
      error: (_o: unknown, m: string) => void logged.push(`error: ${m}`),
      info: (_o: unknown, m: string) => void logged.push(`info: ${m}`),
    } as unknown as Logger;
    const check = clockCheck({ clock, logger, databaseNow, leaseMs: 10_000 });
    expect(check.name).toBe('clock');
    expect(await check.check()).toBeUndefined();
    offset = -30_000; // this replica is now 30 s ahead
    const detail = await check.check();
    expect(detail).toMatch(/by more than 2500 ms \(a quarter of stateMachine\.leaseMs\)/);
    offset = -30_007;
    expect(await check.check()).toBe(detail); // a stable detail: the route logs it once
    expect(logged).toEqual([expect.stringMatching(/^error: this replica's clock is 30000 ms ahead of the database's/)]);
    offset = 0;
    expect(await check.check()).toBeUndefined();
    expect(logged).toHaveLength(2);
    expect(logged[1]).toMatch(/^info: /);
  });

  it('should leave a database that does not answer to the database check', async () => {
    const check = clockCheck({ clock: new FixedClock(), logger: {} as Logger, databaseNow: () => Promise.reject(new Error('ECONNREFUSED')), leaseMs: 10_000 });
    expect(await check.check()).toBeUndefined();
  });
});
