import { knownContexts, ODRL_CONTEXT_URL } from '../../identity/index.js';

/** An ODRL term of the ODRL context: its compact IRI (`odrl:remedy`) and how the context types its values (`@id`, `@vocab`, a datatype). */
export interface OdrlTerm {
  iri: string;
  type?: string;
}

const definitions = (knownContexts().get(ODRL_CONTEXT_URL) as { '@context': Record<string, unknown> })['@context'];

function termsOf(context: Record<string, unknown>): Map<string, OdrlTerm> {
  const terms = new Map<string, OdrlTerm>();
  for (const [name, definition] of Object.entries(context)) {
    const iri = typeof definition === 'string' ? definition : (definition as { '@id'?: unknown })['@id'];
    const type = typeof definition === 'object' ? (definition as { '@type'?: unknown })['@type'] : undefined;
    if (typeof iri === 'string' && iri.startsWith('odrl:')) terms.set(name, typeof type === 'string' ? { iri, type } : { iri });
  }
  return terms;
}

/**
 * Every term the ODRL context defines in the ODRL namespace (`remedy` → `odrl:remedy`, `dataType` → `odrl:datatype`),
 * read from the context document itself, so that a policy written with these bare names (as Kontor stores and offers
 * it) and one written with the `odrl:` names mean the same.
 */
export const ODRL_TERMS: ReadonlyMap<string, OdrlTerm> = termsOf(definitions);

/** `odrl:remedy` → `remedy`: the bare term for an ODRL compact IRI (ODRL's own spelling `odrl:dataType` too). */
export const ODRL_TERM_OF: ReadonlyMap<string, string> = new Map([...[...ODRL_TERMS].map(([name, term]) => [term.iri, name] as const), ['odrl:dataType', 'dataType']]);

/** The prefixes the ODRL context defines (`xsd` → `http://www.w3.org/2001/XMLSchema#`), which a v3 body's own context may not. */
export const ODRL_CONTEXT_PREFIXES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(definitions).filter((e): e is [string, string] => typeof e[1] === 'string' && /[/#]$/.test(e[1])),
);
