import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Violation } from '../../core/index.js';
import { clipText } from './clip-text.js';

export type { Violation };

/** Most violations one error lists (in `errors[]`, a DSP error's reason); the rest are only counted, in its detail. */
export const MAX_LISTED_VIOLATIONS = 20;
/** Longest pointer or message of one listed violation (a hostile key would otherwise be echoed whole). */
export const MAX_VIOLATION_TEXT = 300;

/** A body's violations: the first MAX_LISTED_VIOLATIONS, and how many more there were. */
export interface ViolationList {
  listed: Violation[];
  unlisted: number;
}

/**
 * ajv's errors as violations with JSON pointers, each once, in ajv's order (the request validator and the DSP message
 * checker): the first MAX_LISTED_VIOLATIONS listed, the rest counted, so that the answer stays small however many
 * fields a body gets wrong.
 */
export function toViolations(errors: readonly ErrorObject[]): ViolationList {
  const seen = new Set<string>();
  const listed: Violation[] = [];
  let unlisted = 0;
  for (const e of errors) {
    const violation = toViolation(e);
    const key = `${violation.pointer}|${violation.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (listed.length < MAX_LISTED_VIOLATIONS) listed.push({ pointer: clipText(violation.pointer, MAX_VIOLATION_TEXT), message: clipText(violation.message, MAX_VIOLATION_TEXT) });
    else unlisted++;
  }
  return { listed, unlisted };
}

/** The sentence a detail ends with when some violations are not listed; empty when all are. */
export function unlistedNote(list: ViolationList): string {
  if (list.unlisted === 0) return '';
  return ` (and ${list.unlisted} more ${list.unlisted === 1 ? 'violation' : 'violations'}, not listed: only the first ${MAX_LISTED_VIOLATIONS} are)`;
}

function toViolation(e: ErrorObject): Violation {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return { pointer: `${e.instancePath}/${String(params.missingProperty)}`, message: 'is required' };
  if (e.keyword === 'additionalProperties') return { pointer: `${e.instancePath}/${String(params.additionalProperty)}`, message: 'is not allowed here' };
  if (e.keyword === 'enum') return { pointer: e.instancePath || '/', message: `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}` };
  return { pointer: e.instancePath || '/', message: e.message ?? 'is invalid' };
}
