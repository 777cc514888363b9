import { NS, expandIri } from '../model/iri.js';
import type { AtomicConstraint, Constraint } from '../model/constraint.js';
import { LOGICAL_OPERATORS, toLogicalOperator, toOperator, type LogicalOperator } from '../model/operator.js';
import { entriesByName, isRecord, itemsOf, termOf, type Entry } from './json-node.js';
import { pointer } from '../../core/index.js';
import { literalTypes, parseRightOperand } from './parse-right-operand.js';
import { report, type ParseState } from './parse-state.js';

const ATOMIC_KEYS = new Set(['@type', '@id', 'uid', 'leftOperand', 'operator', 'rightOperand', 'unit', 'dataType', 'rightOperandReference', 'status']);

/** Deepest nesting of logical constraints (and, or, xone, andSequence) in one policy; deeper is a problem, not a stack overflow. */
export const MAX_LOGICAL_DEPTH = 32;

/** Parses one constraint (atomic or logical); problems go to `state`, the result is undefined if any. */
export function parseConstraint(raw: unknown, path: string, state: ParseState, depth = 0): Constraint | undefined {
  if (!isRecord(raw)) return report(state, path, 'a constraint must be a JSON object');
  const byName = entriesByName(raw, path, state.prefixes);
  const logical = LOGICAL_OPERATORS.filter((op) => byName.has(op));
  if (logical.length > 1) return report(state, path, `a logical constraint has exactly one of ${LOGICAL_OPERATORS.join(', ')}`);
  const op = logical[0];
  if (op !== undefined && depth >= MAX_LOGICAL_DEPTH) return report(state, path, `logical constraints nest deeper than ${MAX_LOGICAL_DEPTH} levels`);
  if (op !== undefined) return parseLogical(op, byName, path, state, depth);
  return parseAtomic(byName, path, state);
}

function parseLogical(op: LogicalOperator, byName: Map<string, Entry[]>, path: string, state: ParseState, depth: number): Constraint | undefined {
  for (const [name, entries] of byName) {
    if (name !== op && name !== '@type' && name !== '@id' && name !== 'uid')
      report(state, entries[0]?.path ?? path, `unexpected property '${entries[0]?.key}' in a logical constraint`);
  }
  const entry = byName.get(op)?.[0];
  if (!entry) return undefined;
  const items = itemsOf(entry);
  if (!Array.isArray(entry.value) && !isRecord(entry.value)) return report(state, entry.path, `'${op}' must be a list of constraints`);
  if (items.length === 0) return report(state, entry.path, `'${op}' needs at least one constraint`);
  const before = state.problems.length;
  const constraints = items.map((item) => parseConstraint(item.value, item.path, state, depth + 1));
  if (state.problems.length > before) return undefined;
  const operator = toLogicalOperator(op);
  return operator ? { kind: 'logical', path, operator, constraints: constraints.filter((c): c is Constraint => c !== undefined) } : undefined;
}

function parseAtomic(byName: Map<string, Entry[]>, path: string, state: ParseState): AtomicConstraint | undefined {
  const before = state.problems.length;
  for (const [name, entries] of byName) {
    const e = entries[0];
    if (!e) continue;
    if (entries.length > 1) report(state, e.path, `'${name}' is given more than once`);
    if (!ATOMIC_KEYS.has(name)) report(state, e.path, `unknown constraint property '${e.key}'`);
  }
  const get = (name: string): Entry | undefined => byName.get(name)?.[0];
  if (get('rightOperandReference')) report(state, get('rightOperandReference')?.path ?? path, 'rightOperandReference is not supported; give the value as rightOperand');
  // ODRL's `status` names a value to compare instead of the left operand's own; Kontor's functions never read it.
  if (get('status')) report(state, get('status')?.path ?? path, 'status is not supported: a constraint compares the left operand itself; remove status');
  const left = requiredTerm(get('leftOperand'), pointer(path, 'leftOperand'), state);
  const opTerm = requiredTerm(get('operator'), pointer(path, 'operator'), state);
  const leftOperand = left === undefined ? undefined : expandIri(left, state.prefixes, NS.odrl);
  const operator = opTerm === undefined ? undefined : toOperator(expandIri(opTerm, state.prefixes, NS.odrl));
  if (opTerm !== undefined && operator === undefined) report(state, pointer(path, 'operator'), `unknown operator '${opTerm}'`);
  const dataTypeTerm = get('dataType') ? termOf(get('dataType')?.value) : undefined;
  if (get('dataType') && dataTypeTerm === undefined) report(state, pointer(path, 'dataType'), 'dataType must be an IRI');
  const dataType = dataTypeTerm === undefined ? undefined : expandIri(dataTypeTerm, state.prefixes);
  const unitEntry = get('unit');
  const unitTerm = unitEntry ? termOf(unitEntry.value) : undefined;
  if (unitEntry && unitTerm === undefined) report(state, unitEntry.path, 'unit must be an IRI');
  const rightEntry = get('rightOperand');
  const rightOperand = rightEntry
    ? parseRightOperand(rightEntry.value, rightEntry.path, dataType, state)
    : report(state, pointer(path, 'rightOperand'), 'rightOperand is required');
  if (state.problems.length > before || !leftOperand || !operator || !rightOperand) return undefined;
  const c: AtomicConstraint = { kind: 'atomic', path, leftOperand, operator, rightOperand };
  if (unitTerm !== undefined) c.unit = expandIri(unitTerm, state.prefixes);
  if (dataType !== undefined) c.dataType = dataType;
  const valueTypes = literalTypes(rightEntry?.value, state.prefixes);
  if (valueTypes.length > 0) c.valueTypes = valueTypes;
  return c;
}

function requiredTerm(entry: Entry | undefined, path: string, state: ParseState): string | undefined {
  if (!entry) return report(state, path, `${path.slice(path.lastIndexOf('/') + 1)} is required`);
  const t = termOf(entry.value);
  if (t === undefined || t.trim() === '') return report(state, entry.path, 'must be a term (string or {"@id"})');
  return t;
}

/** A list-valued `constraint` / `refinement` property. */
export function parseConstraintList(entry: Entry | undefined, state: ParseState): Constraint[] {
  if (!entry) return [];
  const out: Constraint[] = [];
  for (const item of itemsOf(entry)) {
    const c = parseConstraint(item.value, item.path, state);
    if (c) out.push(c);
  }
  return out;
}
