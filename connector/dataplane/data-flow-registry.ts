import { Interruption } from '../../core/index.js';

/** What a flow is: a pull response this process serves, or a push it makes to the consumer's destination. */
export type FlowKind = 'pull' | 'push';

/**
 * Why a push was aborted when it was interrupted, not cut (`interruptPushes`): the transfer still allows data to flow
 * and the push is to be made again, so its caller fails it retryably instead of as a cut.
 */
export class PushInterrupted extends Interruption {}

/**
 * The flows (pull responses, pushes) running in this process, by transfer id, so that a suspension, termination
 * or revocation cuts them at once instead of letting a long stream finish. In-process; with several replicas a
 * `transfer.cut` cluster event cuts the streams other replicas serve, and the policy monitor's sweep re-checks
 * every transfer with a stream here (connector/cluster/). A stop interrupts the pushes still running at the end of
 * its grace period (`interruptPushes`).
 */
export class DataFlowRegistry {
  private readonly flows = new Map<string, Map<AbortController, FlowKind>>();

  /** Registers a flow; call `done` when it ends. */
  track(transferId: string, kind: FlowKind = 'pull'): { signal: AbortSignal; done(): void } {
    const controller = new AbortController();
    const set = this.flows.get(transferId) ?? new Map<AbortController, FlowKind>();
    this.flows.set(transferId, set);
    set.set(controller, kind);
    return {
      signal: controller.signal,
      done: () => {
        set.delete(controller);
        if (set.size === 0 && this.flows.get(transferId) === set) this.flows.delete(transferId);
      },
    };
  }

  cut(transferId: string, reason = 'the transfer no longer allows data to flow'): void {
    const set = this.flows.get(transferId);
    if (!set) return;
    this.flows.delete(transferId);
    for (const c of set.keys()) c.abort(new Error(reason));
  }

  /**
   * Aborts every push running here with a `PushInterrupted` (the connector is stopping): each push fails retryably and
   * is made again later. Pull responses are left to the HTTP server's own shutdown. Returns how many were interrupted.
   */
  interruptPushes(reason: string): number {
    let n = 0;
    for (const set of this.flows.values())
      for (const [c, kind] of set)
        if (kind === 'push' && !c.signal.aborted) {
          c.abort(new PushInterrupted(reason));
          n++;
        }
    return n;
  }

  /** The transfers with at least one flow running here. */
  transferIds(): string[] {
    return [...this.flows.keys()];
  }

  /** How many flows run (for tests and metrics). */
  active(transferId?: string): number {
    if (transferId !== undefined) return this.flows.get(transferId)?.size ?? 0;
    let n = 0;
    for (const s of this.flows.values()) n += s.size;
    return n;
  }
}
