import { PER_PROCESS } from './setting-fingerprint.js';
import type { SettingMismatch } from './shared-setting.js';

/**
 * The decision of a replica joining running ones: every shared setting must have a value of its own (not unset,
 * not made up per process), the running replicas must have one too, and the fingerprints must be equal. A setting
 * none of them registered (an older Kontor started them) is taken as this replica registers it.
 */
export function compareSettings(
  registered: ReadonlyMap<string, string>,
  mine: readonly { setting: string; fingerprint: string | undefined; whenMissing: string }[],
): SettingMismatch[] {
  const problems: SettingMismatch[] = [];
  for (const { setting, fingerprint, whenMissing } of mine) {
    const theirs = registered.get(setting);
    if (fingerprint === undefined) problems.push({ setting, problem: `has no value shared with the replicas running on this schema: ${whenMissing}` });
    else if (theirs === PER_PROCESS)
      problems.push({ setting, problem: 'is not set on the replicas running on this schema (each made up its own): set it, the same, on every replica and restart them all' });
    else if (theirs !== undefined && theirs !== fingerprint) problems.push({ setting, problem: 'differs from the value the replicas running on this schema use' });
  }
  return problems;
}
