import { formatDateTime } from '../model/date-time.js';
import type { Verdict } from '../engine/constraint-function.js';

/** Usage is allowed until `end` inclusive; the verdict names both instants. */
export function usageUntil(now: number, end: number, what: string): Verdict {
  const holds = now <= end;
  return {
    status: holds ? 'true' : 'false',
    actual: formatDateTime(now),
    expected: `until ${formatDateTime(end)}`,
    message: holds ? `${what}: usage allowed until ${formatDateTime(end)}` : `${what}: usage ended at ${formatDateTime(end)}; now is ${formatDateTime(now)}`,
  };
}
