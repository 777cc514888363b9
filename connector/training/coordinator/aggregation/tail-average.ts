/** The running sum of the global models of the averaged tail so far (kept in the training record between rounds). */
export interface TailAverageState {
  sum: number[];
  count: number;
}

/**
 * Tail averaging (Polyak–Ruppert averaging of the last iterates; Jain et al. 2018, "Parallelizing Stochastic Gradient
 * Descent for Least Squares Regression: Mini-batching, Averaging, and Model Misspecification"): the model the training
 * releases is the mean of the global models of its last `k` rounds, not the last one alone. Late in training the global
 * model moves around its optimum with the fresh update noise of every round; the mean of k of those iterates keeps
 * their common part and divides the variance of the independent noise of each by about k. The sites still train on the
 * running global model every round: only the last round's model, the one evaluated and released, is the average.
 * Pure: `global` is this round's model after aggregation; returns the model the round keeps and the next state.
 */
export function tailAverageStep(
  k: number | undefined,
  rounds: number,
  round: number,
  global: readonly number[],
  state: TailAverageState | undefined,
): { global: number[]; state?: TailAverageState } {
  if (k === undefined || k <= 1 || round <= rounds - k) return { global: [...global] };
  const sum = state ? state.sum.map((s, p) => s + (global[p] ?? 0)) : [...global];
  const count = (state?.count ?? 0) + 1;
  if (round < rounds) return { global: [...global], state: { sum, count } };
  return { global: sum.map((s) => s / count) };
}
