import { NS, expandIri } from '../model/iri.js';
import type { Duty, Permission, Prohibition } from '../model/rule.js';
import { entriesByName, isRecord, itemsOf, termOf, type Entry } from './json-node.js';
import { parseActions } from './parse-action.js';
import { parseConstraintList } from './parse-constraint.js';
import { report, type ParseState } from './parse-state.js';

type Kind = 'permission' | 'prohibition' | 'duty';
const COMMON = ['@type', '@id', 'uid', 'action', 'constraint', 'target', 'assigner', 'assignee'];
const EXTRA: Record<Kind, readonly string[]> = {
  permission: ['duty'],
  prohibition: ['remedy'],
  duty: ['consequence', 'informedParty', 'compensatedParty', `${NS.fl}anchor`],
};
const ANNOTATION_NAMESPACES = [NS.dct, NS.rdfs];

export interface Inherited {
  target?: string;
  assigner?: string;
  assignee?: string;
}

/** Parses a permission, prohibition or duty. Policy-level target/assigner/assignee fill gaps. */
export function parseRule(kind: 'permission', raw: unknown, path: string, state: ParseState, inherited: Inherited): Permission | undefined;
export function parseRule(kind: 'prohibition', raw: unknown, path: string, state: ParseState, inherited: Inherited): Prohibition | undefined;
export function parseRule(kind: 'duty', raw: unknown, path: string, state: ParseState, inherited: Inherited): Duty | undefined;
export function parseRule(kind: Kind, raw: unknown, path: string, state: ParseState, inherited: Inherited): Permission | Prohibition | Duty | undefined {
  if (!isRecord(raw)) return report(state, path, `a ${kind} must be a JSON object`);
  const byName = entriesByName(raw, path, state.prefixes);
  for (const [name, entries] of byName) {
    const allowed = COMMON.includes(name) || EXTRA[kind].includes(name) || ANNOTATION_NAMESPACES.some((ns) => name.startsWith(ns));
    if (!allowed) report(state, entries[0]?.path ?? path, `unsupported ${kind} property '${entries[0]?.key}'`);
  }
  const get = (name: string): Entry | undefined => byName.get(name)?.[0];
  const base = {
    path,
    actions: parseActions(get('action'), path, state),
    constraints: parseConstraintList(get('constraint'), state),
    ...party('target', get('target'), inherited.target, state),
    ...party('assigner', get('assigner'), inherited.assigner, state),
    ...party('assignee', get('assignee'), inherited.assignee, state),
  };
  const own: Inherited = {};
  if (base.target !== undefined) own.target = base.target;
  if (base.assignee !== undefined) own.assignee = base.assignee;
  if (kind === 'permission') return { kind, ...base, duties: rules('duty', get('duty'), state, own) };
  if (kind === 'prohibition') return { kind, ...base, remedies: rules('duty', get('remedy'), state, own) };
  return {
    kind,
    ...base,
    consequences: rules('duty', get('consequence'), state, own),
    ...party('informedParty', get('informedParty'), undefined, state),
    ...party('compensatedParty', get('compensatedParty'), undefined, state),
    ...party('anchor', get(`${NS.fl}anchor`), undefined, state),
  };
}

export function rules(kind: 'duty', entry: Entry | undefined, state: ParseState, inherited: Inherited): Duty[] {
  if (!entry) return [];
  return itemsOf(entry)
    .map((i) => parseRule(kind, i.value, i.path, state, inherited))
    .filter((d): d is Duty => d !== undefined);
}

/** A party or asset reference: a string or {"@id"}. Returns `{[name]: iri}` or `{}`. */
export function party<K extends string>(name: K, entry: Entry | undefined, fallback: string | undefined, state: ParseState): { [P in K]?: string } {
  if (!entry) return fallback === undefined ? {} : ({ [name]: fallback } as { [P in K]?: string });
  const t = termOf(entry.value);
  if (t === undefined || t.trim() === '') {
    report(state, entry.path, `${name} must be an identifier (string or {"@id"}); party and asset collections are not supported`);
    return {};
  }
  return { [name]: expandIri(t, state.prefixes) } as { [P in K]?: string };
}
