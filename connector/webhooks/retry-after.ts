/**
 * How long a receiver's `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an HTTP date) asks to wait, in ms from
 * `now`; undefined when absent or not understood (the back-off alone applies then).
 */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) || !/[a-z]/i.test(value) ? undefined : Math.max(0, at - now);
}
