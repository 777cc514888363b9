import { createHmac } from 'node:crypto';

const LABEL = 'kontor replica setting fingerprint v1';

/**
 * What the database keeps of a setting every replica must share: HMAC-SHA-256 keyed with a fixed label and the
 * setting's name (domain separation: equal values of two settings, or a fingerprint computed elsewhere, do not
 * match), never the value. The values compared are secrets of 32 random bytes or more, key files and random ids,
 * so the fingerprint does not help guess them.
 */
export function settingFingerprint(setting: string, value: string | Buffer): string {
  return createHmac('sha256', `${LABEL}\0${setting}`).update(value).digest('hex');
}

/** Registered for a setting a replica has no shared value of (a data-token secret made up per process). */
export const PER_PROCESS = 'per-process';
