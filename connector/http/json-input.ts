import { pointer } from '../../core/index.js';
import { clipText } from './clip-text.js';

/** Deepest nesting of arrays and objects accepted in any JSON body (a policy with 32 logical levels needs about 70). */
export const MAX_JSON_DEPTH = 128;

/**
 * Most object members plus array items accepted in one JSON body, all levels together. Schema checks and JSON-LD
 * expansion take time with every member (tens of thousands stall the process for seconds), and no message or
 * management body needs more, except those that give their route a cap of its own (predictions, training messages).
 */
export const MAX_JSON_MEMBERS = 10_000;

/** What one route accepts; each limit defaults to the one above. */
export interface JsonInputLimits {
  maxDepth?: number | undefined;
  maxMembers?: number | undefined;
  /**
   * Array items that are numbers do not count against `maxMembers` (model parameters in training messages, which
   * are checked as plain numbers and never expanded as JSON-LD).
   */
  freeNumberItems?: boolean;
}

/** Where a value sits: its parent's place and its own key or index (built into a JSON pointer only when needed). */
interface Place {
  parent: Place | undefined;
  key: string | number;
}

/**
 * Why a parsed JSON body is refused before any handler sees it, or undefined: nesting deeper than `maxDepth`
 * (recursive code further on would overflow the stack), more than `maxMembers` object members and array items, or
 * a NUL character in a string or a key (PostgreSQL cannot store it in text). Walks with its own stack, so hostile
 * depth cannot overflow this check itself, and stops at the cap, so no hostile width is walked (or pointed into) further.
 */
export function jsonInputProblem(body: unknown, limits: JsonInputLimits = {}): string | undefined {
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  const maxMembers = limits.maxMembers ?? MAX_JSON_MEMBERS;
  let members = 0;
  const tooMany = (place: Place) =>
    `the body has more than ${maxMembers} object members and array items (counted over the whole body); the limit was passed at ${clipText(pointerOf(place), 200)}`;
  const pending: [unknown, number, Place | undefined][] = [[body, 0, undefined]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, depth, place] = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return 'a string in the body contains a NUL character';
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) return `the body nests deeper than ${maxDepth} levels`;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (limits.freeNumberItems && typeof item === 'number') continue;
        if (++members > maxMembers) return tooMany({ parent: place, key: i });
        pending.push([item, depth + 1, { parent: place, key: i }]);
      }
      continue;
    }
    for (const key in value) {
      if (key.includes('\u0000')) return 'a key in the body contains a NUL character';
      if (++members > maxMembers) return tooMany({ parent: place, key });
      pending.push([(value as Record<string, unknown>)[key], depth + 1, { parent: place, key }]);
    }
  }
  return undefined;
}

/** The JSON pointer of a place ('/' for the body itself). */
function pointerOf(place: Place | undefined): string {
  const keys: (string | number)[] = [];
  for (let at = place; at !== undefined; at = at.parent) keys.push(at.key);
  return keys.length === 0 ? '/' : pointer('', ...keys.reverse());
}

/** Why a request target is refused, or undefined: a NUL character, raw or percent-encoded, anywhere in path or query. */
export function urlInputProblem(url: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the NUL character is the point of this check
  return /%00|\u0000/i.test(url) ? 'the URL contains a NUL character' : undefined;
}
