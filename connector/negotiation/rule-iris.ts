import { DEFAULT_PREFIXES, expandIri, NS } from '../../policy/index.js';

/** Properties whose value the policy engine reads as an ODRL vocabulary term: a bare name (`use`, `eq`) is an ODRL IRI. */
const VOCABULARY_VALUED = new Set(['action', 'leftOperand', 'operator']);
/** Properties whose value the policy engine reads as an IRI with its prefixes expanded, a bare name as written. */
const IRI_VALUED = new Set(['@id', '@type', 'dataType', 'unit', 'assigner', 'assignee', 'target']);

/**
 * A term as the policy engine reads it (expandIri over the engine's prefixes: `cx-policy:Membership` is
 * `https://w3id.org/catenax/policy/Membership`, `odrl:use` and, where the engine reads ODRL vocabulary, `use` are
 * `http://www.w3.org/ns/odrl/2/use`). A term in the 2025/9 Catena-X namespace stays as written: that is another IRI,
 * which the engine merely evaluates alike; it is no other spelling of the legacy one.
 */
export function termIri(term: string, vocabulary: boolean): string {
  if (term.trim().startsWith(NS.cx2025)) return term;
  return expandIri(term, DEFAULT_PREFIXES, vocabulary ? NS.odrl : undefined);
}

/** A property name: ODRL properties are already bare names (canonicalPolicyTerms); any other with a prefix expanded. */
const propertyName = (key: string): string => (key.startsWith('@') || !key.includes(':') ? key : termIri(key, false));

class SpelledTwice extends Error {}

function walk(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, key));
  if (typeof value === 'string') return VOCABULARY_VALUED.has(key) ? termIri(value, true) : IRI_VALUED.has(key) ? termIri(value, false) : value;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const name = propertyName(k);
    // `cx-policy:x` and its full IRI in one object are one property given twice: which value counts is not clear.
    if (Object.hasOwn(out, name)) throw new SpelledTwice();
    out[name] = walk(v, name);
  }
  return out;
}

/**
 * The rules (as canonicalPolicyTerms gives them) with every term the policy engine reads as an IRI written as that
 * full IRI: property names under a known prefix, the values of `action`, `leftOperand` and `operator` (bare names as
 * ODRL terms), and of `@id`, `@type`, `dataType`, `unit` and the parties. Literals (a `rightOperand` string, an
 * `@value`) stay exactly as written. Undefined when one object names a property under two spellings.
 */
export function withRuleIris(rules: Record<string, unknown>): Record<string, unknown> | undefined {
  try {
    return walk(rules, '') as Record<string, unknown>;
  } catch (error) {
    if (error instanceof SpelledTwice) return undefined;
    throw error;
  }
}
