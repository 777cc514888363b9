import { termIri } from './rule-iris.js';

/** What a policy states besides its rules that changes how it reads: the ODRL profiles it uses and its conflict strategy. */
export interface PolicyFrame {
  /** The profile IRIs, sorted, each once; absent when the policy names none. */
  profile?: string[];
  /** The conflict strategy as a full ODRL IRI; absent when the policy sets none. */
  conflict?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A term given as a string or as `{"@id": …}`; undefined for anything else. */
const termOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : isRecord(v) && typeof v['@id'] === 'string' ? v['@id'] : undefined);

/** The items of a value given as one item, an array, or a JSON-LD `@set` / `@list`. */
function itemsOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isRecord(v)) for (const k of ['@set', '@list']) if (Array.isArray(v[k])) return v[k] as unknown[];
  return [v];
}

/**
 * The profile and conflict of a policy (keys as canonicalPolicyTerms names them), as the policy engine reads them:
 * a profile an IRI with its prefix expanded (`fl:` and `https://w3id.org/kontor/fl/` are one profile; the order of
 * several says nothing), a conflict an ODRL term (`prohibit` and `odrl:prohibit` are one). Undefined when either is
 * given as something that is no term: what it would mean is not clear, so no other policy has the same frame.
 */
export function policyFrame(policy: Readonly<Record<string, unknown>>): PolicyFrame | undefined {
  const frame: PolicyFrame = {};
  if (policy.profile !== undefined) {
    const terms = itemsOf(policy.profile).map(termOf);
    if (terms.some((t) => t === undefined || t.trim() === '')) return undefined;
    const profile = [...new Set(terms.map((t) => termIri(t as string, false).trim()))].sort();
    if (profile.length > 0) frame.profile = profile;
  }
  if (policy.conflict !== undefined) {
    const items = itemsOf(policy.conflict);
    const term = items.length === 1 ? termOf(items[0]) : undefined;
    if (term === undefined || term.trim() === '') return undefined;
    frame.conflict = termIri(term, true);
  }
  return frame;
}
