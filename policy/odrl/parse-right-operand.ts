import { expandIri, type PrefixMap } from '../model/iri.js';
import type { Value } from '../model/value.js';
import { coerceLiteral } from './coerce-literal.js';
import { isRecord } from './json-node.js';
import { pointer } from '../../core/index.js';
import { report, type ParseState } from './parse-state.js';

/**
 * A right operand: a JSON scalar, `{"@value", "@type"}`, `{"@id"}`, or an array / `@list` of those.
 * `dataType` (the constraint's, expanded) types plain strings. Problems are reported at `path`.
 */
export function parseRightOperand(raw: unknown, path: string, dataType: string | undefined, state: ParseState): Value | undefined {
  if (Array.isArray(raw)) return parseList(raw, path, dataType, state);
  if (isRecord(raw)) {
    for (const k of ['@list', '@set']) {
      const inner = raw[k];
      if (Array.isArray(inner)) return parseList(inner, pointer(path, k), dataType, state);
    }
    if (typeof raw['@id'] === 'string') return { type: 'iri', value: expandIri(raw['@id'], state.prefixes) };
    if ('@value' in raw) {
      const typeTerm = raw['@type'];
      const t = typeof typeTerm === 'string' ? expandIri(typeTerm, state.prefixes) : dataType;
      return literal(raw['@value'], path, t, state);
    }
    return report(state, path, 'right operand must be a value, {"@value"}, {"@id"} or a list of those');
  }
  return literal(raw, path, dataType, state);
}

/** The most items a right operand list may have (an evaluation compares each against the request's claims). */
export const MAX_OPERAND_ITEMS = 1000;

function parseList(raw: readonly unknown[], path: string, dataType: string | undefined, state: ParseState): Value | undefined {
  if (raw.length === 0) return report(state, path, 'right operand list is empty');
  if (raw.length > MAX_OPERAND_ITEMS) return report(state, path, `right operand list has ${raw.length} items; at most ${MAX_OPERAND_ITEMS} are allowed`);
  const items: Value[] = [];
  raw.forEach((item, i) => {
    const v = Array.isArray(item) ? report(state, pointer(path, i), 'nested lists are not allowed') : parseRightOperand(item, pointer(path, i), dataType, state);
    if (v) items.push(v);
  });
  return items.length === raw.length ? { type: 'list', items } : undefined;
}

function literal(raw: unknown, path: string, dataType: string | undefined, state: ParseState): Value | undefined {
  if (dataType !== undefined) {
    const v = coerceLiteral(raw, dataType, state.prefixes);
    return typeof v === 'string' ? report(state, path, v) : v;
  }
  if (typeof raw === 'number') return Number.isFinite(raw) ? { type: 'number', value: raw } : report(state, path, 'not a finite number');
  if (typeof raw === 'boolean') return { type: 'boolean', value: raw };
  if (typeof raw === 'string') return { type: 'string', value: raw };
  return report(state, path, 'right operand is missing or null');
}

/** The datatypes (`@type`, expanded) of the literals in a right operand, each once, in order: what the values say they are. */
export function literalTypes(raw: unknown, prefixes: PrefixMap): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const item of v) visit(item);
    else if (isRecord(v)) {
      for (const k of ['@list', '@set']) if (Array.isArray(v[k])) visit(v[k]);
      if ('@value' in v && typeof v['@type'] === 'string') found.add(expandIri(v['@type'], prefixes));
    }
  };
  visit(raw);
  return [...found];
}
