import type { Logger } from '../../core/index.js';
import type { DataFlowRegistry } from './data-flow-registry.js';

/**
 * A stop's bound on the pushes it waits for: the transfer loop's stop waits for every push in flight, and a push to a
 * destination that stopped reading would hold it for dataPlane.pushTimeoutMs. When `graceMs` (shutdown.graceMs) ends
 * with pushes still running, they are interrupted: each fails retryably (NOT_READY), its transfer stays COMPLETING
 * without `pushedAt`, and it is pushed again from the start once a replica claims it. `cancel` once the wait is over.
 */
export function interruptPushesAfter(registry: DataFlowRegistry, graceMs: number, logger: Logger): { cancel(): void } {
  const timer = setTimeout(() => {
    const n = registry.interruptPushes(`the connector is stopping and the push still ran at the end of shutdown.graceMs (${graceMs} ms)`);
    if (n > 0) logger.warn({ pushes: n, graceMs }, 'pushes still running at the end of the shutdown grace period were interrupted; they are made again later');
  }, graceMs);
  timer.unref?.();
  return { cancel: () => clearTimeout(timer) };
}
