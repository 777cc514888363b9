import type { Clock, Logger } from '../../core/index.js';
import { judgeClockSkew, measureClockSkew } from '../replicas/index.js';
import type { ReadinessCheck } from './readiness.js';

/**
 * PostgreSQL replicas: this clock is within a quarter of `stateMachine.leaseMs` of the database's (as at start: a clock
 * that drifts later takes the other replicas' leases early). Measured at every readiness probe; a skew too large is
 * logged as an error when it appears (with the figures) and at info when it is gone. The probe's detail names only the
 * limit, so the route logs it once, not at every probe with a new figure. A database that cannot be read passes here.
 */
export function clockCheck(o: { clock: Clock; logger: Logger; databaseNow: () => Promise<number>; leaseMs: number }): ReadinessCheck {
  let failing = false;
  return {
    name: 'clock',
    failure: 'this replica’s clock differs too much from the database’s',
    async check() {
      // A database that does not answer is the database check's failure, not this one's.
      const skew = await measureClockSkew(o.clock, o.databaseNow).catch(() => undefined);
      if (skew === undefined) return undefined;
      const verdict = judgeClockSkew(skew, o.leaseMs);
      const bad = verdict.level === 'refuse';
      if (bad && !failing) o.logger.error({ skewMs: verdict.skewMs, limitMs: verdict.limitMs }, verdict.message);
      if (!bad && failing) o.logger.info({ skewMs: verdict.skewMs }, 'this replica’s clock is back within the limit of the database’s');
      failing = bad;
      return bad
        ? `the clock differs from the database’s by more than ${verdict.limitMs} ms (a quarter of stateMachine.leaseMs): keep the replicas’ clocks in sync (NTP)`
        : undefined;
    },
  };
}
