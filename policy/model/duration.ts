/** An xsd:duration split into its calendar part (months) and its fixed part (milliseconds). */
export interface Duration {
  months: number;
  ms: number;
}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses a non-negative ISO 8601 duration such as P30D, PT1H, P1Y2M, P2W; undefined if invalid. */
export function parseDuration(text: string): Duration | undefined {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (!m || t === 'P' || t.endsWith('T')) return undefined;
  const n = (i: number): number => Number(m[i] ?? '0');
  const days = n(3) * 7 + n(4);
  const ms = ((days * 24 + n(5)) * 60 + n(6)) * 60_000 + Math.round(n(7) * 1000);
  return { months: n(1) * 12 + n(2), ms };
}

/** Adds a duration to an instant with calendar arithmetic (month ends are clamped, as XSD does). */
export function addDuration(epochMs: number, d: Duration): number {
  if (d.months === 0) return epochMs + d.ms;
  const date = new Date(epochMs);
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + d.months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(date.getUTCDate(), lastDay);
  const moved = Date.UTC(year, month, day, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
  return moved + d.ms;
}

/** XSD reference instants: durations are ordered only if all four agree (P1M vs P30D is not). */
const REFERENCES = [Date.UTC(1696, 8, 1), Date.UTC(1697, 1, 1), Date.UTC(1903, 2, 1), Date.UTC(1903, 6, 1)];

/** -1, 0, 1, or undefined when the two durations are incomparable (XSD partial order). */
export function compareDurations(a: Duration, b: Duration): -1 | 0 | 1 | undefined {
  const signs = new Set(REFERENCES.map((r) => Math.sign(addDuration(r, a) - addDuration(r, b))));
  if (signs.size !== 1) return undefined;
  const [s] = [...signs];
  return s === 0 ? 0 : s === 1 ? 1 : -1;
}
