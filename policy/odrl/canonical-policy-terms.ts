import { pointer } from '../../core/index.js';
import { DEFAULT_PREFIXES, expandIri, type PrefixMap } from '../model/iri.js';
import { isRecord, normaliseKey } from './json-node.js';

const CURIE = /^([A-Za-z][\w.-]*):(.*)$/;

export type CanonicalTerms = { ok: true; policy: Record<string, unknown> } | { ok: false; problems: { pointer: string; message: string }[] };

/**
 * A plain (compact ODRL) policy in the one spelling that offers and agreements carry, read by the engine the same:
 * - ODRL property keys by their bare name (`odrl:prohibition` and `http://www.w3.org/ns/odrl/2/prohibition` become
 *   `prohibition`), since DSP messages and the offer builder read bare names only;
 * - terms written with a prefix the policy's own `@context` defines (other than as the engine already reads it)
 *   expanded to full IRIs, and those definitions dropped, since offers and agreements carry no `@context`.
 * Two keys of one object naming the same property are a problem (which one would count is not clear).
 */
export function canonicalPolicyTerms(policy: Readonly<Record<string, unknown>>): CanonicalTerms {
  const inline = inlinePrefixes(policy['@context']);
  const prefixes: PrefixMap = { ...DEFAULT_PREFIXES, ...inline };
  const problems: { pointer: string; message: string }[] = [];
  const value = (v: unknown): unknown => (typeof v === 'string' ? expandInline(v, inline, prefixes) : v);
  const walk = (node: unknown, path: string): unknown => {
    if (Array.isArray(node)) return node.map((item, i) => walk(item, pointer(path, i)));
    if (!isRecord(node)) return value(node);
    const out: Record<string, unknown> = {};
    const from: Record<string, string> = {};
    for (const [key, v] of Object.entries(node)) {
      if (path === '' && key === '@context') continue;
      const name = keyName(key, inline, prefixes);
      if (Object.hasOwn(out, name)) {
        problems.push({ pointer: pointer(path, key), message: `names the same property as '${from[name]}' in this object: write it once` });
        continue;
      }
      from[name] = key;
      out[name] = key === '@id' || key === '@type' ? value(v) : walk(v, pointer(path, key));
    }
    return out;
  };
  const body = walk(policy, '') as Record<string, unknown>;
  if (problems.length > 0) return { ok: false, problems };
  const context = keptContext(policy['@context'], inline);
  return { ok: true, policy: context === undefined ? body : { '@context': context, ...body } };
}

/** The prefixes an inline `@context` object defines that change how a term reads (a default one redefined the same does not). */
function inlinePrefixes(context: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of Array.isArray(context) ? context : [context]) {
    if (!isRecord(item)) continue;
    for (const [name, ns] of Object.entries(item)) if (typeof ns === 'string' && !name.startsWith('@') && DEFAULT_PREFIXES[name] !== ns) out[name] = ns;
  }
  return out;
}

const usesInline = (term: string, inline: Record<string, string>): boolean => {
  const m = CURIE.exec(term);
  return m !== null && Object.hasOwn(inline, m[1] ?? '') && !(m[2] ?? '').startsWith('//');
};

function expandInline(term: string, inline: Record<string, string>, prefixes: PrefixMap): string {
  return usesInline(term, inline) ? expandIri(term, prefixes) : term;
}

function keyName(key: string, inline: Record<string, string>, prefixes: PrefixMap): string {
  if (key.startsWith('@')) return key;
  const name = normaliseKey(key, prefixes);
  if (!name.includes(':')) return name;
  return expandInline(key, inline, prefixes);
}

/** The `@context` without the inline definitions that were expanded (undefined when nothing is left). */
function keptContext(context: unknown, inline: Record<string, string>): unknown {
  if (context === undefined) return undefined;
  const items = (Array.isArray(context) ? context : [context])
    .map((item) => (isRecord(item) ? Object.fromEntries(Object.entries(item).filter(([name]) => !Object.hasOwn(inline, name))) : item))
    .filter((item) => !isRecord(item) || Object.keys(item).length > 0);
  if (items.length === 0) return undefined;
  return Array.isArray(context) ? items : items[0];
}
