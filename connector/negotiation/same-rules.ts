import canonicalize from 'canonicalize';
import { canonicalPolicyTerms, DEFAULT_PREFIXES, expandIri, NS } from '../../policy/index.js';
import { policyFrame } from './policy-frame.js';
import { withRuleIris } from './rule-iris.js';

const RULE_KEYS = ['permission', 'prohibition', 'obligation'] as const;
/**
 * The top-level keys (by the policy engine's name for them) that are not rules: identity, parties, dataset, stamp, and
 * profile and conflict (compared as policyFrame reads them). Any other key is one the comparison does not know, and
 * which the engine may still read: a policy with one is never "the same rules".
 */
const OTHER_KEYS = new Set(['@context', '@type', '@id', 'uid', 'profile', 'assigner', 'assignee', 'target', 'conflict', 'timestamp']);

/**
 * Drops every member whose value is an empty array, at any depth. In JSON-LD an empty array is no value at all:
 * `{"action": "use", "constraints": []}` (as the Eclipse DSP TCK writes a rule) says what `{"action": "use"}` says.
 */
export function withoutEmptyArrays<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutEmptyArrays) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, withoutEmptyArrays(v)]),
  ) as T;
}

/**
 * Properties the policy engine reads as an IRI whether written as a string or as `{"@id": …}` (termOf): a DSP offer
 * writes `odrl:unit` and the parties of a duty as node references, an EDC v3 body sent back may give the string.
 */
const NODE_VALUED = new Set(['unit', 'dataType', 'informedParty', 'compensatedParty']);

/**
 * The JSON-LD reading of a value for comparison: an empty array is no value, a one-item array is its item, a value
 * object with no type or language (`{"@value": 5}`, as a DSP offer writes a number) its value, and a node reference
 * under a NODE_VALUED property its IRI, at any depth. JSON-LD compaction writes a single constraint as an object (EDC's policies arrive so) where Kontor's stored
 * policies hold a list of one; both state the same rule.
 */
function comparable(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.length === 1 ? comparable(value[0], key) : value.map((v) => comparable(v, key));
  if (typeof value !== 'object' || value === null) return value;
  const id = (value as Record<string, unknown>)['@id'];
  if (NODE_VALUED.has(key) && typeof id === 'string' && Object.keys(value).length === 1) return id;
  const literal = (value as Record<string, unknown>)['@value'];
  if (Object.keys(value).length === 1 && '@value' in value && literal !== null && typeof literal !== 'object') return literal;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, comparable(v, k)]),
  );
}

const known = (key: string) =>
  OTHER_KEYS.has(key) || (RULE_KEYS as readonly string[]).includes(key) || [NS.dct, NS.rdfs].some((ns) => expandIri(key, DEFAULT_PREFIXES).startsWith(ns));

/**
 * The rules of a policy with its profile and conflict (policyFrame), as the policy engine reads them (`obligation`,
 * `odrl:obligation` and the full ODRL IRI are one key, at any depth; prefixes of its own `@context` expanded; terms it
 * reads as IRIs as full IRIs, see withRuleIris: `cx-policy:Membership` as a store of an older Kontor holds it is the
 * `https://w3id.org/catenax/policy/Membership` an offer carries now), in canonical JSON; undefined when the engine
 * could read terms the comparison cannot see: a property given twice under two spellings, a top-level key it does not
 * know, or a profile or conflict that is no term.
 */
function rulesOf(policy: Record<string, unknown>): string | undefined {
  const read = canonicalPolicyTerms(policy);
  if (!read.ok || !Object.keys(read.policy).every(known)) return undefined;
  const rules = withRuleIris(Object.fromEntries(RULE_KEYS.map((k) => [k, read.policy[k] ?? []])));
  const frame = policyFrame(read.policy);
  if (rules === undefined || frame === undefined) return undefined;
  return (canonicalize as unknown as (v: unknown) => string)({ ...(comparable(rules) as object), ...frame });
}

/**
 * Whether two ODRL offers state the same terms: RFC 8785 canonical JSON of permission, prohibition, obligation, read
 * as the policy engine reads their keys and terms (prefixed names, full IRIs and bare ODRL names of one IRI are one
 * term; literals as written) and as JSON-LD reads their values (empty arrays are no value, a one-item array is its
 * item), and of the profiles and conflict strategy they name (a policy that adds, drops or changes either states other
 * terms). A policy whose terms the comparison cannot be sure of (see rulesOf) is the same as none.
 */
export function sameRules(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const left = rulesOf(a);
  return left !== undefined && left === rulesOf(b);
}
