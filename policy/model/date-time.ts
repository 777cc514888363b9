const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * Parses xsd:dateTime or xsd:date strictly to epoch milliseconds, or undefined.
 * A value without a time zone is read as UTC (ODRL recommends a zone; results must not depend
 * on the machine's local zone).
 */
export function parseDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  if (h !== undefined && (Number(h) > 24 || Number(mi) > 59 || Number(s ?? '0') > 60)) return undefined;
  const iso = `${y}-${mo}-${d}T${h ?? '00'}:${mi ?? '00'}:${s ?? '00'}${frac ?? ''}${zone ?? 'Z'}`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2026-02-31 over to March; reject such dates.
  const check = new Date(ms + zoneOffsetMs(zone));
  if (check.getUTCDate() !== day) return undefined;
  return ms;
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const [hh, mm] = zone.slice(1).split(':').map(Number);
  return sign * ((hh ?? 0) * 60 + (mm ?? 0)) * 60_000;
}

/** Epoch ms or a dateTime string → epoch ms, or undefined when neither. */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return parseDateTime(value);
  return undefined;
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString();
}
