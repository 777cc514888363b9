/**
 * Poisson sampling of row indices 0 … n−1, each with probability q, drawn by geometric skips (the gap to the next
 * sampled row is Geometric(q)), so a step costs O(q·n) draws instead of n and the sample comes out ascending, ready
 * for positional reads. The same distribution as one Bernoulli(q) draw per row. `into` is reused (grown as needed);
 * the sample is its first `length` entries.
 */
export function poissonSample(n: number, q: number, random: () => number, into: { indices: Uint32Array; length: number }): void {
  into.length = 0;
  if (q <= 0 || n <= 0) return;
  const push = (i: number) => {
    if (into.length === into.indices.length) {
      const grown = new Uint32Array(Math.max(16, into.indices.length * 2));
      grown.set(into.indices);
      into.indices = grown;
    }
    into.indices[into.length++] = i;
  };
  if (q >= 1) {
    for (let i = 0; i < n; i++) push(i);
    return;
  }
  const logMiss = Math.log1p(-q);
  for (let i = -1; ; ) {
    // 1 − random() lies in (0, 1]: the skip is finite and at least 0.
    i += 1 + Math.floor(Math.log(1 - random()) / logMiss);
    if (i >= n) return;
    push(i);
  }
}
