import type { Logger } from '../../core/index.js';

/**
 * Signs the catalog's offers when they are published, not when a consumer first asks: after every change of an
 * asset, policy or contract definition (and once at start) one background run attests every offer, signing only
 * those whose content is new. Runs never overlap; changes during a run cause exactly one more run. A catalog
 * request that arrives before the run reached its offers still gets them signed on demand.
 */
export function offerPublication(publish: (cancelled: () => boolean) => Promise<number>, logger: Logger) {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const cancelled = () => stopped;
  const runOnce = async (): Promise<void> => {
    do {
      again = false;
      const started = performance.now();
      try {
        const offers = await publish(cancelled);
        logger.debug({ offers, ms: Math.round(performance.now() - started) }, 'offers published');
      } catch (error) {
        logger.warn({ err: error }, 'publishing the offers failed; they are signed on demand');
      }
    } while (again && !stopped);
  };
  return {
    /** A change happened: publish (again) in the background. */
    schedule(): void {
      if (stopped) return;
      if (running) {
        again = true;
        return;
      }
      running = runOnce().finally(() => (running = undefined));
    },
    /** Stops at the next page (shutdown); resolves when the run has ended. */
    async stop(): Promise<void> {
      stopped = true;
      while (running) await running;
    },
    /** Resolves when no publication is running or due. */
    async settled(): Promise<void> {
      while (running) await running;
    },
  };
}
