import { ConnectorError, validationError } from '../../../core/index.js';
import type { EdcNode } from './edc-node.js';
import { compactOdrl } from './edc-odrl-compact.js';
import { ODRL_TERM_OF } from './edc-odrl-terms.js';
import { EDC_NS } from './edc-vocabulary.js';

const RULES = ['permission', 'prohibition', 'obligation'] as const;
const EDC_CONSTRAINT_TYPES = new Set([`${EDC_NS}AtomicConstraint`, `${EDC_NS}LogicalConstraint`, 'AtomicConstraint', 'LogicalConstraint']);

/** Kontor's allow-all: a permission to use without constraints (what EDC means by a `Set` with no rules). */
export const ALLOW_ALL = { '@type': 'Set', permission: [{ action: 'use' }] } as const;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * An expanded EDC ODRL policy (or offer) in the compact ODRL JSON that Kontor's policy engine reads: compacted
 * against the ODRL context, rule lists as arrays, EDC's `AtomicConstraint`/`LogicalConstraint` type markers dropped
 * (they only restate the shape). EDC semantics kept here: a policy with no rule at all grants (EDC's allow-all),
 * so it becomes Kontor's explicit allow-all. Terms outside ODRL stay full IRIs, so the engine names any it
 * does not know (e.g. EDC's sample `location`) in a 400.
 */
export async function policyFromEdc(node: EdcNode): Promise<Json> {
  const compacted = await compactOdrl(node);
  const { '@context': _c, ...policy } = odrlTermNames(unalias(compacted)) as Json;
  refusePrefixed(policy, node.pointer);
  let rules = 0;
  for (const kind of RULES) {
    if (policy[kind] === undefined) continue;
    const list = (Array.isArray(policy[kind]) ? policy[kind] : [policy[kind]]) as unknown[];
    policy[kind] = list.map((rule, i) => sameTarget(stripConstraintTypes(rule), policy.target, `${node.pointer}/${kind}/${i}/target`));
    rules += list.length;
    if (list.length === 0) delete policy[kind];
  }
  return rules === 0 ? { ...policy, ...structuredClone(ALLOW_ALL), '@type': typeof policy['@type'] === 'string' ? policy['@type'] : 'Set' } : policy;
}

/** The ODRL context aliases `@type` as `type` and `@id` as `uid`; Kontor's policies spell the keywords. */
const ALIASES: Readonly<Record<string, string>> = { type: '@type', uid: '@id' };

function unalias(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unalias);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [ALIASES[k] ?? k, unalias(v)]));
}

/**
 * An ODRL property whose value the ODRL context's term does not take as written keeps its `odrl:` name in the
 * compaction: `odrl:assigner` or `odrl:target` as a plain string (a context without ODRL's `@id` typing, such as the
 * v3 catalog answer's `odrl:` prefix), `odrl:action` as an object (an action with a refinement), `odrl:datatype` as a
 * plain string. They mean the same property: read under the bare ODRL name (the string as the IRI it names).
 */
function odrlTermNames(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(odrlTermNames);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    const term = ODRL_TERM_OF.get(k);
    out[term !== undefined && out[term] === undefined && value[term] === undefined ? term : k] = odrlTermNames(v);
  }
  return out;
}

/** Keys outside ODRL that the policy engine reads: `rdf:value`, the action an action object with a refinement names. */
const ENGINE_KEYS = new Set(['rdf:value']);

/** A key that the ODRL context could not compact is a term Kontor does not read: refused, never stored and ignored. */
function refusePrefixed(value: unknown, pointer: string): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) refusePrefixed(v, `${pointer}/${i}`);
    return;
  }
  if (!isObject(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (!k.startsWith('@') && k.includes(':') && !ENGINE_KEYS.has(k))
      throw validationError([{ pointer: `${pointer}/${k}`, message: "is not an ODRL term Kontor's EDC v3 layer reads (docs/edc-migration.md)" }]);
    refusePrefixed(v, `${pointer}/${k}`);
  }
}

/** A rule's `target` equal to the policy's says nothing more (ODRL: the same offer) and is dropped; another target is a 400. */
function sameTarget(rule: unknown, target: unknown, pointer: string): unknown {
  if (!isObject(rule) || rule.target === undefined) return rule;
  if (target === undefined || JSON.stringify(rule.target) !== JSON.stringify(target))
    throw validationError([{ pointer, message: "must be the policy's target (Kontor reads one target per policy)" }]);
  const { target: _t, ...rest } = rule;
  return rest;
}

function stripConstraintTypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripConstraintTypes);
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '@type' && typeof v === 'string' && EDC_CONSTRAINT_TYPES.has(v)) continue;
    out[k] = stripConstraintTypes(v);
  }
  return out;
}

/** The policy engine's verdict with its pointers moved under the EDC field the policy came in (`/policy/…`). */
export function underField(error: unknown, field: string): unknown {
  if (!(error instanceof ConnectorError) || error.violations.length === 0) return error;
  const violations = error.violations.map((v) => ({ pointer: `${field}${v.pointer}`, message: v.message }));
  return error.code === 'VALIDATION_FAILED'
    ? validationError(violations)
    : new ConnectorError(error.code, { detail: `${violations[0]?.pointer}: ${violations[0]?.message}`, violations });
}

/** A stored policy as a v3 response shows it: the compact ODRL JSON under the ODRL context. */
export const policyToEdc = (policy: Readonly<Json>): Json => ({ '@context': 'http://www.w3.org/ns/odrl.jsonld', ...policy });
