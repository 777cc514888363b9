import { describe, expect, it } from 'vitest';
import { LockWaiter, lockWaitPauses, retryWhileLocked } from './lock-wait.js';

const busy = (code = 'SQLITE_BUSY') => Object.assign(new Error('database is locked'), { code });

describe('lockWaitPauses', () => {
  it('should back off doubling up to 250 ms and keep the whole wait within the bound', () => {
    const pauses = lockWaitPauses({ busyTimeoutMs: 50, lockWaitMs: 3000 });
    expect(pauses.slice(0, 6)).toEqual([10, 20, 40, 80, 160, 250]);
    expect(Math.max(...pauses)).toBe(250);
    const blocking = 50 * (pauses.length + 1);
    expect(blocking + pauses.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3000);
  });

  it('should allow no retry when the whole wait is one busy timeout', () => {
    expect(lockWaitPauses({ busyTimeoutMs: 50, lockWaitMs: 50 })).toEqual([]);
  });
});

describe('retryWhileLocked', () => {
  it('should try again after each pause while SQLite answers SQLITE_BUSY, then succeed', async () => {
    const slept: number[] = [];
    let calls = 0;
    const result = await retryWhileLocked(
      async () => {
        calls++;
        if (calls < 3) throw busy();
        return 'done';
      },
      [10, 20, 40],
      async (ms) => void slept.push(ms),
    );
    expect(result).toBe('done');
    expect(slept).toEqual([10, 20]);
  });

  it('should give up with the last SQLITE_BUSY once the pauses are spent', async () => {
    const slept: number[] = [];
    await expect(
      retryWhileLocked(
        async () => {
          throw busy();
        },
        [10, 20],
        async (ms) => void slept.push(ms),
      ),
    ).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(slept).toEqual([10, 20]);
  });

  it('should not retry other errors, nor a stale snapshot', async () => {
    for (const code of ['SQLITE_BUSY_SNAPSHOT', 'SQLITE_FULL', 'SQLITE_CONSTRAINT_UNIQUE']) {
      let calls = 0;
      await expect(
        retryWhileLocked(
          async () => {
            calls++;
            throw busy(code);
          },
          [10, 20],
          async () => undefined,
        ),
      ).rejects.toMatchObject({ code });
      expect(calls).toBe(1);
    }
  });
});

describe('LockWaiter', () => {
  it('should wait once in full, then try once while the lock stays held, until a write gets through', async () => {
    const slept: number[] = [];
    const waiter = new LockWaiter([10, 20], async (ms) => void slept.push(ms));
    const locked = async () => {
      throw busy();
    };
    await expect(waiter.run(locked, true)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(slept).toEqual([10, 20]);
    expect(waiter.lockHeld).toBe(true);
    await expect(waiter.run(locked, true)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(slept).toEqual([10, 20]);
    expect(await waiter.run(async () => 'read', false)).toBe('read');
    expect(waiter.lockHeld).toBe(true);
    expect(await waiter.run(async () => 'written', true)).toBe('written');
    expect(waiter.lockHeld).toBe(false);
    await expect(waiter.run(locked, true)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    expect(slept).toEqual([10, 20, 10, 20]);
  });
});
