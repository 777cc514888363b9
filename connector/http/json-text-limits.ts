import { pointer } from '../../core/index.js';
import { clipText } from './clip-text.js';
import { type JsonInputLimits, MAX_JSON_DEPTH, MAX_JSON_MEMBERS, tooDeep, tooWide } from './json-input.js';

/** An array or object open at the scan's place: how many items or members it has so far, where its last key lies, and (an object's) the names it gave. */
interface Open {
  array: boolean;
  size: number;
  keyStart: number;
  keyEnd: number;
  names?: Set<string>;
}

/** Why the text is refused: the detail, and for a member given twice the JSON pointer of the second. */
export interface TextRefusal {
  detail: string;
  duplicate?: string;
}

/** What the scan expects next: a value (or the close of an empty array), a key (or the close of an empty object), a colon, or what follows a value. */
const VALUE = 0;
const VALUE_OR_CLOSE = 1;
const KEY = 2;
const KEY_OR_CLOSE = 3;
const COLON = 4;
const NEXT = 5;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON_MARK = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/** jsonTextRefusal's detail: why raw JSON text is refused before it is parsed, or undefined. */
export function jsonTextProblem(text: string, limits: JsonInputLimits = {}): string | undefined {
  return jsonTextRefusal(text, limits)?.detail;
}

/**
 * Why raw JSON text is refused before it is parsed, or undefined: nesting deeper than `maxDepth` or more than
 * `maxMembers` object members and array items, judged as jsonInputProblem judges the parsed body (array items that
 * are numbers are free where `freeNumberItems` says so), so that a hostile body is refused before JSON.parse builds
 * all of it; or an object that gives a member name twice (its escapes resolved: `"a"` and `"\u0061"` are one name),
 * which JSON.parse would resolve in silence to the last value (RFC 8259 §4: names SHOULD be unique; a body that means
 * two things is refused, never read one way). One pass over the text, in document order, stopping at the first
 * problem: the detail names the member or item that passed the cap, or the second of the two members (its JSON
 * pointer). Members are counted as written, a cap checked before a repeated name. The scan reads
 * the structure only (brackets, commas, colons, strings, not the spelling of numbers, literals and escapes): where
 * that structure breaks before a cap is passed it stops and answers undefined, leaving the text to the parser
 * (MALFORMED_JSON); text after the place a cap was passed is not read, whether or not it is valid JSON.
 */
export function jsonTextRefusal(text: string, limits: JsonInputLimits = {}): TextRefusal | undefined {
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  const maxMembers = limits.maxMembers ?? MAX_JSON_MEMBERS;
  const freeNumbers = limits.freeNumberItems === true;
  const open: Open[] = [];
  let members = 0;
  let want = VALUE;
  for (let i = skipSpace(text, 0); i < text.length; i = skipSpace(text, i)) {
    const c = text.charCodeAt(i);
    const top = open[open.length - 1];
    if (want === NEXT) {
      if (top === undefined || (c !== COMMA && c !== (top.array ? CLOSE_ARRAY : CLOSE_OBJECT))) return undefined;
      if (c === COMMA) want = top.array ? VALUE : KEY;
      else open.pop();
      i++;
    } else if (want === COLON) {
      if (c !== COLON_MARK) return undefined;
      want = VALUE;
      i++;
    } else if ((c === CLOSE_ARRAY && want === VALUE_OR_CLOSE) || (c === CLOSE_OBJECT && want === KEY_OR_CLOSE)) {
      open.pop();
      want = NEXT;
      i++;
    } else if (want === KEY || want === KEY_OR_CLOSE) {
      const end = c === QUOTE ? stringEnd(text, i) : -1;
      if (end < 0 || top === undefined) return undefined;
      top.size++;
      top.keyStart = i + 1;
      top.keyEnd = end;
      if (++members > maxMembers) return { detail: tooWide(maxMembers, placeOf(text, open)) };
      const name = unescapeKey(text.slice(top.keyStart, top.keyEnd));
      top.names ??= new Set();
      if (top.names.has(name)) {
        const at = placeOf(text, open);
        return { detail: `the body gives the member ${clipText(at, 200)} twice: each name may appear once in an object`, duplicate: at };
      }
      top.names.add(name);
      want = COLON;
      i = end + 1;
    } else {
      const container = c === OPEN_ARRAY || c === OPEN_OBJECT;
      const end = container ? i + 1 : c === QUOTE ? stringEnd(text, i) + 1 : scalarEnd(text, i);
      if (end <= i) return undefined;
      if (top?.array) {
        top.size++;
        const free = freeNumbers && (c === MINUS || (c >= ZERO && c <= NINE));
        if (!free && ++members > maxMembers) return { detail: tooWide(maxMembers, placeOf(text, open)) };
      }
      if (container && open.length >= maxDepth) return { detail: tooDeep(maxDepth) };
      if (container) open.push({ array: c === OPEN_ARRAY, size: 0, keyStart: 0, keyEnd: 0 });
      want = c === OPEN_ARRAY ? VALUE_OR_CLOSE : c === OPEN_OBJECT ? KEY_OR_CLOSE : NEXT;
      i = end;
    }
  }
  return undefined;
}

/** The JSON pointer of the member or item just begun: each open array's index and each open object's last key. */
function placeOf(text: string, open: readonly Open[]): string {
  return pointer('', ...open.map((o) => (o.array ? o.size - 1 : unescapeKey(text.slice(o.keyStart, o.keyEnd)))));
}

/** The index of the quote that closes the string opening at `start` (one not escaped by an odd run of backslashes), or -1. */
function stringEnd(text: string, start: number): number {
  for (let from = start + 1; ; ) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return -1;
    let before = quote - 1;
    while (text.charCodeAt(before) === BACKSLASH) before--;
    if ((quote - 1 - before) % 2 === 0) return quote;
    from = quote + 1;
  }
}

/** Characters that end a number or literal: whitespace and other controls, the quote and structure. */
const ENDS_SCALAR = new Uint8Array(128);
for (let c = 0; c <= 0x20; c++) ENDS_SCALAR[c] = 1;
for (const c of [QUOTE, COMMA, COLON_MARK, OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT]) ENDS_SCALAR[c] = 1;

/** The index after a number or literal: the first character that is whitespace, structure or a quote. */
function scalarEnd(text: string, start: number): number {
  let i = start;
  for (let c = text.charCodeAt(i); i < text.length && !(c < 128 && ENDS_SCALAR[c] === 1); c = text.charCodeAt(++i));
  return i;
}

/** The index of the first character at or after `start` that is not JSON whitespace (space, tab, line feed, return). */
function skipSpace(text: string, start: number): number {
  let i = start;
  for (let c = text.charCodeAt(i); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = text.charCodeAt(++i));
  return i;
}

const ESCAPED: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A key's text between its quotes, its escapes resolved (`\"`, `\\`, `\/`, `\n`…, `\uXXXX`). */
function unescapeKey(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(?:u([0-9a-fA-F]{4})|([\s\S]))/g, (_all, hex: string | undefined, char: string) =>
    hex !== undefined ? String.fromCharCode(Number.parseInt(hex, 16)) : (ESCAPED[char] ?? char),
  );
}
