import type { Logger } from '../../core/index.js';
import type { ClusterEvent } from './cluster-event.js';

/** The handlers of one bus: each event reaches every handler; a throwing handler is logged and skipped. */
export class HandlerSet {
  private readonly handlers = new Set<(event: ClusterEvent) => void>();

  constructor(private readonly logger: Logger) {}

  add(handler: (event: ClusterEvent) => void): () => void {
    this.handlers.add(handler);
    return () => void this.handlers.delete(handler);
  }

  deliver(event: ClusterEvent): void {
    for (const h of [...this.handlers]) {
      try {
        h(event);
      } catch (error) {
        this.logger.warn({ err: error, kind: event.kind }, 'a cluster event handler failed');
      }
    }
  }
}
