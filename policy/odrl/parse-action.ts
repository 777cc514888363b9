import { NS, compactIri, expandIri } from '../model/iri.js';
import { KNOWN_ACTIONS } from '../model/action-vocabulary.js';
import type { Action } from '../model/rule.js';
import { entriesByName, isRecord, itemsOf, termOf, type Entry } from './json-node.js';
import { parseConstraintList } from './parse-constraint.js';
import { report, type ParseState } from './parse-state.js';

/**
 * `action` as "use", "odrl:use", an IRI, {"@id"}, {"action": …, "refinement": […]},
 * {"rdf:value": {"@id"}, "refinement": […]}, or an array of those. Unknown actions are refused.
 */
export function parseActions(entry: Entry | undefined, rulePath: string, state: ParseState, knownActions: ReadonlySet<string> = KNOWN_ACTIONS): Action[] {
  if (!entry) {
    report(state, `${rulePath}/action`, 'action is required');
    return [];
  }
  const out: Action[] = [];
  for (const item of itemsOf(entry)) {
    const a = parseAction(item, state, knownActions);
    if (a) out.push(a);
  }
  return out;
}

function parseAction(item: Entry, state: ParseState, known: ReadonlySet<string>): Action | undefined {
  if (typeof item.value === 'string' || (isRecord(item.value) && Object.keys(item.value).every((k) => k === '@id' || k === '@type'))) {
    return actionOf(termOf(item.value), item.path, item.path, [], state, known);
  }
  if (!isRecord(item.value)) return report(state, item.path, 'action must be a term or an object with "action" and "refinement"');
  const byName = entriesByName(item.value, item.path, state.prefixes);
  const valueEntry = byName.get('action')?.[0] ?? byName.get(`${NS.rdf}value`)?.[0];
  for (const [name, entries] of byName) {
    if (!['action', `${NS.rdf}value`, 'refinement', '@type', '@id'].includes(name)) report(state, entries[0]?.path ?? item.path, `unknown action property '${entries[0]?.key}'`);
  }
  if (!valueEntry) return report(state, item.path, 'an action object needs "action" (or "rdf:value")');
  const refinements = parseConstraintList(byName.get('refinement')?.[0], state);
  return actionOf(termOf(valueEntry.value), valueEntry.path, item.path, refinements, state, known);
}

function actionOf(term: string | undefined, termPath: string, path: string, refinements: Action['refinements'], state: ParseState, known: ReadonlySet<string>): Action | undefined {
  if (term === undefined) return report(state, termPath, 'action must be a term (string or {"@id"})');
  const iri = expandIri(term, state.prefixes, NS.odrl);
  if (!known.has(iri)) return report(state, termPath, `unknown action '${compactIri(iri)}'`);
  return { path, iri, refinements };
}
