import { parseNumeric } from '../model/numeric-lexical.js';
import { NS, expandIri, type PrefixMap } from '../model/iri.js';
import { parseDateTime } from '../model/date-time.js';
import { parseDuration } from '../model/duration.js';
import type { Value } from '../model/value.js';

export const INTEGER_TYPES = ['integer', 'int', 'long', 'short', 'nonNegativeInteger', 'positiveInteger'];
export const NUMBER_TYPES = ['decimal', 'double', 'float'];
export const DURATION_TYPES = ['duration', 'dayTimeDuration', 'yearMonthDuration'];

/**
 * Reads a literal with an explicit datatype IRI (expanded). Returns the typed value or a
 * message saying why it does not fit. Unknown datatypes are refused, never guessed.
 */
export function coerceLiteral(raw: unknown, dataType: string, prefixes: PrefixMap): Value | string {
  if (!dataType.startsWith(NS.xsd)) return `unsupported datatype '${dataType}'`;
  const t = dataType.slice(NS.xsd.length);
  const text = typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
  if (text === undefined) return `a ${t} literal must be a string or number`;
  if (t === 'dateTime' || t === 'date') {
    const ms = parseDateTime(text);
    return ms === undefined ? `'${text}' is not a valid xsd:${t}` : { type: 'dateTime', value: ms, lexical: text };
  }
  if (DURATION_TYPES.includes(t)) {
    const d = parseDuration(text);
    return d === undefined ? `'${text}' is not a valid xsd:duration (e.g. P30D, PT1H)` : { type: 'duration', value: d, lexical: text };
  }
  if (INTEGER_TYPES.includes(t) || NUMBER_TYPES.includes(t)) {
    const kind = INTEGER_TYPES.includes(t) ? 'integer' : t === 'decimal' ? 'decimal' : 'double';
    const n = typeof raw === 'number' ? (Number.isFinite(raw) ? raw : undefined) : parseNumeric(text, kind);
    if (n === undefined) return `'${text}' is not a valid xsd:${t}`;
    if (kind === 'integer' && !Number.isInteger(n)) return `'${text}' is not an integer`;
    return { type: 'number', value: n };
  }
  if (t === 'boolean') {
    if (text !== 'true' && text !== 'false') return `'${text}' is not a valid xsd:boolean`;
    return { type: 'boolean', value: text === 'true' };
  }
  if (t === 'string') return { type: 'string', value: text };
  if (t === 'anyURI') return { type: 'iri', value: expandIri(text, prefixes) };
  return `unsupported datatype 'xsd:${t}'`;
}
