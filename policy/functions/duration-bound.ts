import type { Duration } from '../model/duration.js';

/**
 * The longest duration or offset a policy may give: about 1000 years (372 000 days, P1000Y counting months as 31 days). An anchor (an agreement start, now)
 * plus it stays a date of year ≤ 9999 that every deadline and explanation can be written as; a longer one is
 * refused at creation instead of making every evaluation fail.
 */
export const MAX_OFFSET_DAYS = 372_000;
export const MAX_OFFSET_MS = MAX_OFFSET_DAYS * 86_400_000;

/** Months count as 31 days: an upper bound of their length. */
export const durationTooLong = (d: Duration): boolean => d.months * 31 * 86_400_000 + d.ms > MAX_OFFSET_MS;

export const TOO_LONG = `is too long: at most ${MAX_OFFSET_DAYS} days (about 1000 years)`;
