import { ConnectorError, type Violation } from '../../core/index.js';
import { NS, expandIri } from '../model/iri.js';
import { POLICY_TYPES, type Policy, type PolicyType } from '../model/policy.js';
import type { Permission, Prohibition } from '../model/rule.js';
import { entriesByName, isRecord, itemsOf, termOf, type Entry } from './json-node.js';
import { newParseState, report, type ParseState } from './parse-state.js';
import { party, parseRule, rules, type Inherited } from './parse-rule.js';
import { readContextPrefixes } from './read-context-prefixes.js';
import { KNOWN_PROFILES } from './known-profiles.js';

const POLICY_KEYS = ['@context', '@type', '@id', 'uid', 'profile', 'assigner', 'assignee', 'target', 'permission', 'prohibition', 'obligation', 'conflict'];

const NO_RULES = 'a policy needs at least one permission, prohibition or obligation; an empty list holds none (to allow everything, write {"permission": [{"action": "use"}]})';

export interface ParseResult {
  policy: Policy | undefined;
  problems: Violation[];
}

/** Structural parse: every problem found, with its JSON pointer. `policy` is set only when there are none. */
export function readPolicy(json: unknown): ParseResult {
  if (!isRecord(json)) return { policy: undefined, problems: [{ pointer: '', message: 'a policy must be a JSON object' }] };
  const state = newParseState(readContextPrefixes(json['@context']));
  const byName = entriesByName(json, '', state.prefixes);
  for (const [name, entries] of byName) {
    const e = entries[0];
    if (!e) continue;
    if (entries.length > 1) report(state, e.path, `'${name}' is given more than once`);
    if (name === 'inheritFrom') report(state, e.path, 'inheritFrom is not supported');
    else if (!POLICY_KEYS.includes(name) && !name.startsWith(NS.dct) && !name.startsWith(NS.rdfs)) report(state, e.path, `unsupported policy property '${e.key}'`);
  }
  const get = (name: string): Entry | undefined => byName.get(name)?.[0];
  const type = policyType(get('@type'), state);
  checkConflict(get('conflict'), state);
  const id = termOf(get('@id')?.value) ?? termOf(get('uid')?.value);
  const inherited: Inherited = {
    ...party('target', get('target'), undefined, state),
    ...party('assigner', get('assigner'), undefined, state),
    ...party('assignee', get('assignee'), undefined, state),
  };
  const permissions = ruleList('permission', get('permission'), state, inherited) as Permission[];
  const prohibitions = ruleList('prohibition', get('prohibition'), state, inherited) as Prohibition[];
  const obligations = rules('duty', get('obligation'), state, inherited);
  // An empty list is no rule: `{"permission": []}` would validate and then deny every request.
  const ruleCount = (['permission', 'prohibition', 'obligation'] as const).reduce((n, kind) => n + (get(kind) ? itemsOf(get(kind) as Entry).length : 0), 0);
  if (ruleCount === 0) report(state, '', NO_RULES);
  if (type === 'Agreement') {
    if (inherited.assigner === undefined) report(state, '/assigner', 'an Agreement must name its assigner');
    if (inherited.assignee === undefined) report(state, '/assignee', 'an Agreement must name its assignee');
  }
  const profiles = get('profile') ? itemsOf(get('profile') as Entry).map((p) => knownProfile(termOf(p.value), p.path, state)) : [];
  if (state.problems.length > 0 || type === undefined) return { policy: undefined, problems: state.problems };
  const policy: Policy = {
    type,
    profiles: profiles.filter((p): p is string => p !== undefined),
    permissions,
    prohibitions,
    obligations,
    ...inherited,
  };
  if (id !== undefined) policy.id = id;
  return { policy, problems: [] };
}

/** Parses compact ODRL JSON, throwing `ConnectorError('POLICY_INVALID', {violations})` on any problem. */
export function parsePolicy(json: unknown): Policy {
  const { policy, problems } = readPolicy(json);
  if (!policy) {
    const first = problems[0];
    throw new ConnectorError('POLICY_INVALID', { violations: problems, detail: first ? `${first.pointer || '/'}: ${first.message}` : 'the policy is invalid' });
  }
  return policy;
}

function ruleList(kind: 'permission' | 'prohibition', entry: Entry | undefined, state: ParseState, inherited: Inherited): (Permission | Prohibition)[] {
  if (!entry) return [];
  const out: (Permission | Prohibition)[] = [];
  for (const item of itemsOf(entry)) {
    const r = kind === 'permission' ? parseRule(kind, item.value, item.path, state, inherited) : parseRule(kind, item.value, item.path, state, inherited);
    if (r) out.push(r);
  }
  return out;
}

function policyType(entry: Entry | undefined, state: ParseState): PolicyType | undefined {
  if (!entry) return 'Set';
  const t = termOf(entry.value);
  const local = t === undefined ? undefined : expandIri(t, state.prefixes, NS.odrl).replace(NS.odrl, '');
  if (local === 'Policy') return 'Set';
  if (local !== undefined && (POLICY_TYPES as readonly string[]).includes(local)) return local as PolicyType;
  return report(state, entry.path, `@type must be one of ${POLICY_TYPES.join(', ')}`);
}

function checkConflict(entry: Entry | undefined, state: ParseState): void {
  if (!entry) return;
  const t = termOf(entry.value);
  if (t === undefined || expandIri(t, state.prefixes, NS.odrl) !== `${NS.odrl}prohibit`) {
    report(state, entry.path, "only conflict 'prohibit' is supported (prohibitions always win)");
  }
}

/** A profile the engine implements (KNOWN_PROFILES), expanded; any other is refused rather than stored and ignored. */
function knownProfile(term: string | undefined, path: string, state: ParseState): string | undefined {
  if (term === undefined) return report(state, path, 'profile must be an IRI');
  const iri = expandIri(term, state.prefixes);
  if (KNOWN_PROFILES.includes(iri)) return iri;
  return report(state, path, `unknown profile '${term}': the engine implements only ${KNOWN_PROFILES.join(', ')}`);
}
