import { validationError } from '../../../core/index.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The JSON value of expanded property values: `{"@value": x}` → x (a value with a datatype or language tag is a 400), `{"@id": iri}` → `{"@id": iri}`, several → an
 * array. A nested node with properties of its own has no Kontor form and is a 400 naming the field.
 */
export function plainValue(values: readonly unknown[], pointer: string): unknown {
  const out = values.map((v) => {
    if (isObject(v) && '@value' in v && Object.keys(v).length === 1) return v['@value'];
    if (isObject(v) && '@value' in v)
      throw validationError([{ pointer, message: 'typed and language-tagged values are not supported: Kontor would keep the value and lose its tag' }]);
    if (isObject(v) && typeof v['@id'] === 'string' && Object.keys(v).length === 1) return { '@id': v['@id'] };
    throw validationError([{ pointer, message: 'must be a plain value or an {"@id": …} reference; nested objects are not supported' }]);
  });
  return out.length === 1 ? out[0] : out;
}
