import { performance } from 'node:perf_hooks';

/** Seconds elapsed since the call, on the monotonic clock (durations only; never a point in time). */
export function stopwatch(): () => number {
  const started = performance.now();
  return () => (performance.now() - started) / 1000;
}
