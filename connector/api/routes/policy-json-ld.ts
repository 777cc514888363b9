import jsonld from 'jsonld';
import { ConnectorError, validationError } from '../../../core/index.js';
import { canonicalPolicyTerms } from '../../../policy/index.js';
import { communityContexts, knownContexts, ODRL_CONTEXT_URL, type DocumentLoader } from '../../identity/index.js';
import { checkPlainPolicyContext } from './plain-policy-context.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const statics = knownContexts();
const loader: DocumentLoader = async (url) => {
  const document = statics.get(url);
  if (!document)
    throw new ConnectorError('VALIDATION_FAILED', {
      detail: `the context ${url} is not available offline`,
      violations: [{ pointer: '/@context', message: `${url} is not available offline` }],
    });
  return { contextUrl: null, documentUrl: url, document: structuredClone(document), tag: 'static' };
};

/** A policy as the engine reads it: through JSON-LD when it names a community context, else its plain context checked. */
export async function policyAsStored(policy: Json): Promise<Json> {
  if (namesCommunityContext(policy)) return policyFromJsonLd(policy);
  checkPlainPolicyContext(policy);
  // Stored as offers and agreements will carry it (bare ODRL keys, the policy's own prefixes expanded).
  const canonical = canonicalPolicyTerms(policy);
  if (!canonical.ok) throw validationError(canonical.problems);
  return canonical.policy;
}

/** Whether a policy's `@context` names a context whose terms the policy engine does not read by itself (Catena-X 2025/9, DSP ODRL profile). */
export function namesCommunityContext(policy: Json): boolean {
  const context = policy['@context'];
  return (Array.isArray(context) ? context : [context]).some((c) => typeof c === 'string' && c in communityContexts);
}

/**
 * A policy written against the Catena-X or DSP ODRL-profile context (`"action": "access"`, `"leftOperand":
 * "FrameworkAgreement"`) in the compact ODRL JSON the engine reads: expanded in safe mode (an undefined term is a
 * 400 naming it, never dropped), then compacted against the ODRL context, so Catena-X terms become their full
 * IRIs. Pointers in errors are relative to the policy.
 */
export async function policyFromJsonLd(policy: Json): Promise<Json> {
  let compacted: unknown;
  try {
    const expanded = await jsonld.expand(policy, { documentLoader: loader, safe: true });
    compacted = await jsonld.compact(expanded, ODRL_CONTEXT_URL, { documentLoader: loader });
  } catch (error) {
    throw refusal(error);
  }
  const { '@context': _c, '@graph': graph, ...rest } = unalias(compacted) as Json;
  if (graph !== undefined || Object.keys(rest).length === 0) throw validationError([{ pointer: '', message: 'must describe exactly one policy' }]);
  // Compaction gives a list of one as its item; rule lists stay lists, as written and as the EDC v3 layer stores them.
  for (const kind of RULES) if (rest[kind] !== undefined && !Array.isArray(rest[kind])) rest[kind] = [rest[kind]];
  return rest;
}

const RULES = ['permission', 'prohibition', 'obligation'] as const;

const ALIASES: Readonly<Record<string, string>> = { type: '@type', uid: '@id' };

function unalias(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unalias);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [ALIASES[k] ?? k, unalias(v)]));
}

function refusal(error: unknown): ConnectorError {
  for (let cause: unknown = error, i = 0; i < 5 && cause instanceof Error; i++) {
    if (cause instanceof ConnectorError) return cause;
    cause = (cause as { details?: { cause?: unknown } }).details?.cause ?? (cause as { cause?: unknown }).cause;
  }
  const event = (error as { details?: { event?: { code?: string; details?: { property?: string; id?: string; type?: string } } } }).details?.event;
  if (event) {
    const what = event.details?.property ?? event.details?.id ?? event.details?.type ?? 'a term';
    return validationError([{ pointer: '', message: `'${what}' is not defined by the policy's @context (${event.code ?? 'dropped in expansion'}): it would be ignored` }]);
  }
  return validationError([{ pointer: '', message: `is not valid JSON-LD: ${(error as Error).message}` }]);
}
