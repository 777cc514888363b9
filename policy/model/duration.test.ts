import { describe, expect, it } from 'vitest';
import { addDuration, compareDurations, parseDuration } from './duration.js';
import { parseDateTime } from './date-time.js';
import { formatDurationMs } from './format-duration.js';

describe('durations and dates', () => {
  it.each([
    ['P30D', { months: 0, ms: 30 * 86_400_000 }],
    ['PT1H', { months: 0, ms: 3_600_000 }],
    ['P1Y2M', { months: 14, ms: 0 }],
    ['P2W', { months: 0, ms: 14 * 86_400_000 }],
    ['PT0.5S', { months: 0, ms: 500 }],
    ['P1DT12H', { months: 0, ms: 36 * 3_600_000 }],
  ])('parses %s', (text, d) => expect(parseDuration(text)).toEqual(d));

  it.each(['P', 'PT', 'P1DT', '30D', 'P-1D', 'PT1.5H', ''])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());

  it('adds months with clamping to the month end', () => {
    const jan31 = Date.parse('2026-01-31T10:00:00Z');
    expect(addDuration(jan31, { months: 1, ms: 0 })).toBe(Date.parse('2026-02-28T10:00:00Z'));
    expect(addDuration(jan31, { months: 12, ms: 86_400_000 })).toBe(Date.parse('2027-02-01T10:00:00Z'));
  });

  it('orders durations partially', () => {
    const d = (s: string) => parseDuration(s) ?? { months: 0, ms: 0 };
    expect(compareDurations(d('P1M'), d('P30D'))).toBeUndefined();
    expect(compareDurations(d('P1M'), d('P27D'))).toBe(1);
    expect(compareDurations(d('P1D'), d('PT24H'))).toBe(0);
  });

  it.each([
    ['2026-06-15T12:00:00Z', Date.UTC(2026, 5, 15, 12)],
    ['2026-06-15T14:00:00+02:00', Date.UTC(2026, 5, 15, 12)],
    ['2026-06-15T12:00:00', Date.UTC(2026, 5, 15, 12)],
    ['2026-06-15', Date.UTC(2026, 5, 15)],
    ['2026-02-30', undefined],
    ['2026-13-01T00:00:00Z', undefined],
    ['15.06.2026', undefined],
    ['2026-06-15T12:00:00.250Z', Date.UTC(2026, 5, 15, 12, 0, 0, 250)],
  ])('parses dateTime %s', (text, ms) => expect(parseDateTime(text)).toBe(ms));

  it('formats elapsed milliseconds', () => {
    expect(formatDurationMs(0)).toBe('PT0S');
    expect(formatDurationMs(31 * 86_400_000)).toBe('P31D');
    expect(formatDurationMs(90 * 60_000)).toBe('PT1H30M');
    expect(formatDurationMs(3_400)).toBe('PT3S');
    expect(formatDurationMs(3_400, true)).toBe('PT3.4S');
    expect(formatDurationMs(86_400_000 + 61_005, true)).toBe('P1DT1M1.005S');
    expect(formatDurationMs(250, true)).toBe('PT0.25S');
  });
});
