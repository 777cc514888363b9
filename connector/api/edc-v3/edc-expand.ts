import jsonld from 'jsonld';
import { type ConnectorError, validationError } from '../../../core/index.js';
import { EDC_MANAGEMENT_CONTEXT_URL } from './edc-management-context.js';
import { edcDocumentLoader, UnknownContext } from './edc-document-loader.js';
import { ID_RULE } from './edc-id-rule.js';

/** Relative ids (`assetId`, `provider`) are resolved against this base for the expansion, then given back as written. */
const BASE = 'https://relative.edc.invalid/';
const loader = edcDocumentLoader();
/**
 * Safe mode; and a body of nothing but an `@id` (or of nothing) is kept as the node it is, not dropped as a
 * free-floating node (jsonld's `keepFreeFloatingNodes`, missing from types/jsonld.d.ts): the route then names the
 * properties it lacks (`/dataAddress`, `/policy`, …) instead of a pointer to no term.
 */
const EXPANSION = { documentLoader: loader, base: BASE, safe: true, keepFreeFloatingNodes: true };

export type Expanded = Record<string, unknown>;

/**
 * A v3 body expanded against its `@context`, in safe mode: a term that expands to nothing (and would be dropped
 * in silence) is a 400, as is a context that is not available offline. A body without `@context` is read with
 * the EDC management context. The result is one node object with full-IRI keys.
 */
export async function expandBody(body: unknown): Promise<Expanded> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw validationError([{ pointer: '/', message: 'must be a JSON-LD object' }]);
  refuseResolvedIds(body, '');
  const input = '@context' in body ? body : { '@context': EDC_MANAGEMENT_CONTEXT_URL, ...body };
  let expanded: unknown[];
  try {
    expanded = await jsonld.expand(input, EXPANSION);
  } catch (error) {
    throw expansionError(error, body);
  }
  if (expanded.length !== 1) throw validationError([{ pointer: '/', message: 'must describe exactly one JSON-LD node' }]);
  const node = unbase(expanded[0]) as Expanded;
  // The id a route acts on is the one written: never one the expansion made of it (a prefix, an alias of @id).
  const written = (body as Record<string, unknown>)['@id'];
  if (node['@id'] !== undefined && node['@id'] !== written)
    throw validationError([{ pointer: '/@id', message: `must be given as "@id", as it is meant: the body's @context makes '${String(node['@id'])}' of it` }]);
  return node;
}

/**
 * Refused, naming where it is: a `__proto__` member anywhere (the expansion drops it), and a relative `@id` with dot
 * segments (`other/../a1`) or a leading `/`, which the expansion would resolve into another id (`a1`) than the one
 * written, after which the id checks see only the result.
 */
function refuseResolvedIds(value: unknown, pointer: string): void {
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    if (k === '@context') continue;
    const at = `${pointer}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    // The expansion drops a `__proto__` member without a word: refused, as the plain API's schemas refuse it.
    if (k === '__proto__') throw validationError([{ pointer: at, message: 'is not allowed here: JSON-LD processing would drop it unread' }]);
    if (k === '@id' && typeof v === 'string' && resolvesElsewhere(v))
      throw validationError([{ pointer: at, message: `'${v}' is a relative reference that would be resolved into another id: write the id itself` }]);
    refuseResolvedIds(v, at);
  }
}

function resolvesElsewhere(id: string): boolean {
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(id)) return false; // an absolute IRI (or a compact one, or a blank node): not resolved
  const path = id.split(/[?#]/)[0] ?? '';
  return path.startsWith('/') || path.split('/').some((segment) => segment === '.' || segment === '..');
}

function expansionError(error: unknown, body: object): ConnectorError {
  let cause: unknown = error;
  for (let i = 0; i < 5 && cause instanceof Error; i++) {
    if (cause instanceof UnknownContext)
      return validationError([{ pointer: '/@context', message: `${cause.message}; Kontor reads only contexts it ships (docs/edc-migration.md)` }]);
    cause = (cause as { details?: { cause?: unknown } }).details?.cause ?? (cause as { cause?: unknown }).cause;
  }
  const details = (error as { details?: { event?: { code?: string; details?: { property?: string; id?: string; type?: string } } } }).details;
  const event = details?.event;
  if (event) {
    const id = event.details?.id;
    // An `@id` that is no IRI reference (`"a b"`): named where it is, with what an id may be.
    if (event.details?.property === undefined && id !== undefined)
      return validationError([{ pointer: idPointer(body, id) ?? '/@id', message: `'${id}' is not an id: ${ID_RULE}` }]);
    const what = event.details?.property ?? id ?? event.details?.type ?? 'a term';
    return validationError([{ pointer: `/${what}`, message: `is not defined by the body's @context (${event.code ?? 'dropped in expansion'}): it would be ignored` }]);
  }
  return validationError([{ pointer: '/', message: `is not valid JSON-LD: ${(error as Error).message}` }]);
}

/** Where in the body an `@id` with this value is (a JSON Pointer), if anywhere. */
function idPointer(value: unknown, id: string, pointer = ''): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, v] of Object.entries(value)) {
    const at = `${pointer}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (k === '@id' && v === id) return at;
    const inner = k === '@context' ? undefined : idPointer(v, id, at);
    if (inner) return inner;
  }
  return undefined;
}

function unbase(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unbase);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      (k === '@id' || k === '@type') && typeof v === 'string' && v.startsWith(BASE)
        ? v.slice(BASE.length)
        : k === '@type' && Array.isArray(v)
          ? v.map((t) => (typeof t === 'string' && t.startsWith(BASE) ? t.slice(BASE.length) : t))
          : unbase(v),
    ]),
  );
}
