import type { Violation } from '../../core/index.js';
import { isDid } from './did-syntax.js';

/** A list of provider DIDs, or '*' for every provider (dsp.unsignedOffersFrom, dsp.requireAgreementCredential). */
export function didAllowList(key: string, entries: readonly string[], problems: Violation[]): string[] {
  const bad = entries.filter((e) => e !== '*' && !isDid(e));
  for (const entry of bad) problems.push({ pointer: key, message: `'${entry}' is neither a DID nor '*'` });
  return entries.filter((e) => !bad.includes(e));
}
