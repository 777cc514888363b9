import type { Logger } from '../../core/index.js';

/**
 * Keeps a claimed entity's lease alive while its step runs: every third of the lease it is extended (a claim by
 * its holder), so a slow step keeps its entity however long it takes, and a short lease is safe. A replica that
 * dies stops renewing, and its entities are claimable again once their lease runs out (within `leaseMs`).
 * `stop()` waits for a renewal in flight, so none lands after the step's save released the lease.
 */
export function renewLease(
  store: { claimById(id: string, owner: string, leaseMs: number): Promise<unknown> },
  id: string,
  owner: string,
  leaseMs: number,
  logger: Logger,
): { stop(): Promise<void> } {
  let inFlight: Promise<unknown> | undefined;
  const timer = setInterval(
    () => {
      if (inFlight) return;
      inFlight = store
        .claimById(id, owner, leaseMs)
        .catch((error: unknown) => logger.warn({ err: error, id }, 'a lease could not be renewed: another replica may take the entity over'))
        .finally(() => (inFlight = undefined));
    },
    Math.max(1, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await inFlight;
    },
  };
}
