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

/** An array or object the walk is in: its keys (none for an array), how many entries it has and how many were read. */
interface Open {
  value: object;
  keys: readonly string[] | undefined;
  length: number;
  read: number;
  place: Place | undefined;
}

/** Why a body nests too deep (no pointer: the place is as deep as the body is hostile). */
export const tooDeep = (maxDepth: number): string => `the body nests deeper than ${maxDepth} levels`;

/** Why a body is too wide: the cap, and the JSON pointer of the member or item that passed it (clipped). */
export const tooWide = (maxMembers: number, at: string): string =>
  `the body has more than ${maxMembers} object members and array items (counted over the whole body); the limit was passed at ${clipText(at, 200)}`;

/**
 * Why a parsed JSON body is refused before any handler sees it, or undefined: nesting deeper than `maxDepth`
 * (recursive code further on would overflow the stack), more than `maxMembers` object members and array items, or
 * a NUL character in a string or a key (PostgreSQL cannot store it in text). Walks in document order (property
 * order, for objects) with its own stack, so hostile depth cannot overflow this check itself, and stops at the first
 * problem, so no hostile width is walked further; the member past the cap is the one the text scan names
 * (json-text-limits.ts), except where JavaScript orders integer-like keys first.
 */
export function jsonInputProblem(body: unknown, limits: JsonInputLimits = {}): string | undefined {
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  const maxMembers = limits.maxMembers ?? MAX_JSON_MEMBERS;
  const open: Open[] = [];
  const enter = (value: unknown, place: Place | undefined): string | undefined => {
    if (typeof value === 'string') return value.includes('\u0000') ? 'a string in the body contains a NUL character' : undefined;
    if (typeof value !== 'object' || value === null) return undefined;
    if (open.length >= maxDepth) return tooDeep(maxDepth);
    const keys = Array.isArray(value) ? undefined : Object.keys(value);
    open.push({ value, keys, length: keys?.length ?? (value as unknown[]).length, read: 0, place });
    return undefined;
  };
  let members = 0;
  let problem = enter(body, undefined);
  for (let top = open.at(-1); problem === undefined && top !== undefined; top = open.at(-1)) {
    if (top.read === top.length) {
      open.pop();
      continue;
    }
    const index = top.read++;
    const key = top.keys?.[index];
    if (key?.includes('\u0000')) return 'a key in the body contains a NUL character';
    const item: unknown = key === undefined ? (top.value as unknown[])[index] : (top.value as Record<string, unknown>)[key];
    if (key === undefined && limits.freeNumberItems && typeof item === 'number') continue;
    const place: Place = { parent: top.place, key: key ?? index };
    if (++members > maxMembers) return tooWide(maxMembers, pointerOf(place));
    problem = enter(item, place);
  }
  return problem;
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
