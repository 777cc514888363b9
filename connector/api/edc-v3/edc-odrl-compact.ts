import jsonld from 'jsonld';
import { ODRL_CONTEXT_URL } from '../../identity/index.js';
import { validationError } from '../../../core/index.js';
import { edcDocumentLoader } from './edc-document-loader.js';
import type { EdcNode } from './edc-node.js';
import { ODRL_CONTEXT_PREFIXES } from './edc-odrl-terms.js';
import { edcLocal, ODRL_NS } from './edc-vocabulary.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const loader = edcDocumentLoader();
const CONFUSED = /^Absolute IRI "(.*)" confused with prefix "(.*)"\.?$/;

/**
 * An expanded policy node compacted against the ODRL context. What the compaction cannot do is the body's problem,
 * a 400 naming it, never a 500: above all an IRI such as `xsd:dateTime` written under a prefix the body's own
 * `@context` does not define (it expands to an IRI of the scheme `xsd`, which the ODRL context's `xsd` prefix makes
 * ambiguous).
 */
export async function compactOdrl(node: EdcNode): Promise<Json> {
  try {
    return (await jsonld.compact(node.raw, ODRL_CONTEXT_URL, { documentLoader: loader })) as Json;
  } catch (error) {
    if (!(error instanceof Error) || !error.name.startsWith('jsonld.')) throw error;
    const confused = CONFUSED.exec(error.message);
    if (!confused) throw validationError([{ pointer: node.pointer, message: `cannot be read as an ODRL policy: ${error.message}` }]);
    const [, iri = '', prefix = ''] = confused;
    const namespace = ODRL_CONTEXT_PREFIXES[prefix];
    const meant = namespace === undefined ? '' : ` (add "${prefix}": "${namespace}" to it, or write ${namespace}${iri.slice(prefix.length + 1)})`;
    throw validationError([
      {
        pointer: whereIs(node.raw, iri, node.pointer) ?? node.pointer,
        message: `'${iri}' uses the prefix '${prefix}', which the body's @context does not define${meant}: as written it is an IRI of the scheme '${prefix}'`,
      },
    ]);
  }
}

/** Where in an expanded node an IRI is used (as a key, an `@id` or an `@type`), as a pointer in EDC's compact names. */
function whereIs(value: unknown, iri: string, pointer: string): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const found = whereIs(v, iri, value.length > 1 ? `${pointer}/${i}` : pointer);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const at = `${pointer}/${shortName(k).replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (k === iri) return at;
    if ((k === '@id' || k === '@type') && (v === iri || (Array.isArray(v) && v.includes(iri)))) return at;
    const found = k === '@value' ? undefined : whereIs(v, iri, at);
    if (found) return found;
  }
  return undefined;
}

const shortName = (key: string): string => (key.startsWith(ODRL_NS) ? key.slice(ODRL_NS.length) : edcLocal(key));
