import { NS, cx, odrl } from './iri.js';

/** ODRL 2.2 Common Vocabulary actions (plus the core `use` and `transfer`). */
const ODRL_ACTIONS = [
  'use',
  'transfer',
  'acceptTracking',
  'aggregate',
  'annotate',
  'anonymize',
  'archive',
  'attribute',
  'compensate',
  'concurrentUse',
  'delete',
  'derive',
  'digitize',
  'display',
  'distribute',
  'ensureExclusivity',
  'execute',
  'extract',
  'give',
  'grantUse',
  'include',
  'index',
  'inform',
  'install',
  'modify',
  'move',
  'nextPolicy',
  'obtainConsent',
  'play',
  'present',
  'print',
  'read',
  'reproduce',
  'reviewPolicy',
  'sell',
  'stream',
  'synchronize',
  'textToSpeech',
  'transform',
  'translate',
  'uninstall',
  'watermark',
] as const;

/** `cx-policy:access` is the Catena-X action for access (catalog) policies. */
export const CX_ACCESS = cx('access');

export const KNOWN_ACTIONS: ReadonlySet<string> = new Set([...ODRL_ACTIONS.map(odrl), CX_ACCESS]);

/** Actions that are not included in `use` (ODRL: transfer ⊃ give, sell). */
const OUTSIDE_USE = new Set(['transfer', 'give', 'sell'].map(odrl));

/**
 * Whether a rule on `granted` covers a request for `requested`: the same action, or a broader one.
 * `use` includes every action except the transfer family; `transfer` includes give and sell.
 * `use` also covers `cx-policy:access` (who may use an offer may see it).
 */
export function actionIncludes(granted: string, requested: string): boolean {
  if (granted === requested) return true;
  if (granted === odrl('use')) return !OUTSIDE_USE.has(requested) && (requested.startsWith(NS.odrl) || requested === CX_ACCESS);
  if (granted === odrl('transfer')) return requested === odrl('give') || requested === odrl('sell');
  return false;
}
