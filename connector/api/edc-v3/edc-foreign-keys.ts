import jsonld from 'jsonld';
import { validationError } from '../../../core/index.js';
import { edcDocumentLoader } from './edc-document-loader.js';
import type { Expanded } from './edc-expand.js';
import { EDC_MANAGEMENT_CONTEXT_URL } from './edc-management-context.js';
import { EDC_NS } from './edc-vocabulary.js';

const loader = edcDocumentLoader();
const PROBE = 'urn:kontor:probe';

/**
 * A v3 body's own properties are `edc:` terms, and no route reads any other there: a key that the body's `@context`
 * expands outside the EDC namespace (`http://w3id.org/edc/…` for `https://…`, a mistyped `@vocab`) is refused as an
 * unknown property, naming the key as written and the IRI it became, before a route would report the property it
 * meant (`/dataAddress`) as missing.
 */
export async function refuseForeignKeys(body: Readonly<Record<string, unknown>>, node: Expanded): Promise<void> {
  const foreign = Object.keys(node).filter((k) => !k.startsWith('@') && !k.startsWith(EDC_NS));
  if (foreign.length === 0) return;
  const written = await writtenKeys(body);
  // In the order the body gives them (the expansion sorts its keys).
  const ordered = [...[...written.keys()].filter((iri) => foreign.includes(iri)), ...foreign.filter((iri) => !written.has(iri))];
  throw validationError(
    ordered.map((iri) => {
      const key = written.get(iri);
      return {
        pointer: `/${(key ?? iri).replaceAll('~', '~0').replaceAll('/', '~1')}`,
        message: `${key === undefined ? 'is' : `expands to '${iri}' under the body's @context:`} not a property Kontor's EDC v3 layer reads (its properties are under ${EDC_NS}; docs/edc-migration.md)`,
      };
    }),
  );
}

/** Each of the body's own keys by the IRI it expands to (a key whose expansion cannot be told alone is left out). */
async function writtenKeys(body: Readonly<Record<string, unknown>>): Promise<Map<string, string>> {
  const context = body['@context'] ?? EDC_MANAGEMENT_CONTEXT_URL;
  const out = new Map<string, string>();
  for (const key of Object.keys(body)) {
    if (key.startsWith('@')) continue;
    try {
      const [expanded] = await jsonld.expand({ '@context': context, '@id': PROBE, [key]: { '@id': PROBE } } as object, { documentLoader: loader, safe: true });
      const iri = Object.keys(expanded ?? {}).find((k) => !k.startsWith('@'));
      if (iri !== undefined && !out.has(iri)) out.set(iri, key);
    } catch {
      // A key whose definition takes no node reference (a language map, …): it is named by its IRI alone.
    }
  }
  return out;
}
