/**
 * The flows (pull responses, pushes) running in this process, by transfer id, so that a suspension, termination
 * or revocation cuts them at once instead of letting a long stream finish. In-process only: with several
 * replicas, a stream served by another replica stops at its next request (every request is re-checked).
 */
export class DataFlowRegistry {
  private readonly flows = new Map<string, Set<AbortController>>();

  /** Registers a flow; call `done` when it ends. */
  track(transferId: string): { signal: AbortSignal; done(): void } {
    const controller = new AbortController();
    const set = this.flows.get(transferId) ?? new Set<AbortController>();
    this.flows.set(transferId, set);
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

  /** How many flows run (for tests and metrics). */
  active(transferId?: string): number {
    if (transferId !== undefined) return this.flows.get(transferId)?.size ?? 0;
    let n = 0;
    for (const s of this.flows.values()) n += s.size;
    return n;
  }
}
