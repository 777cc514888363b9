/**
 * The flows (pull responses, pushes) running in this process, by transfer id, so that a suspension, termination
 * or revocation cuts them at once instead of letting a long stream finish. In-process; with several replicas a
 * `transfer.cut` cluster event cuts the streams other replicas serve, and the policy monitor's sweep re-checks
 * every transfer with a stream here (connector/cluster/).
 */
export class DataFlowRegistry {
  private readonly flows = new Map<string, Set<AbortController>>();

  /** Registers a flow; call `done` when it ends. */
  track(transferId: string): { signal: AbortSignal; done(): void } {
    const controller = new AbortController();
    let set = this.flows.get(transferId);
    if (!set) this.flows.set(transferId, (set = new Set()));
    set.add(controller);
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
    for (const c of set) c.abort(new Error(reason));
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
