/**
 * What one DP-SGD round at a site consists of, for training and accounting alike: every step samples each training
 * row with probability q = batchSize / n (Poisson sampling, at most 1), and a round has localEpochs · ⌈n / batchSize⌉
 * steps. The site's accountant charges exactly these steps at this q.
 */
export function dpSgdSchedule(sampleCount: number, batchSize: number, localEpochs: number): { samplingRate: number; steps: number } {
  const n = Math.max(1, sampleCount);
  const b = Math.max(1, batchSize);
  return { samplingRate: Math.min(1, b / n), steps: Math.max(0, localEpochs) * Math.ceil(n / b) };
}
