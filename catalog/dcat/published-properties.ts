import { dspIri } from './dsp-iris.js';

/** Any IRI with a scheme and authority (`http://…`, `https://…`) or a URN: a property name that means the same under any context. */
const FULL_IRI = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|urn:)/;

/**
 * Names the dataset writes itself, or that belong to DSP, ODRL or Kontor: an asset property under one of them would
 * restate (or contradict) what the catalog already says, so it is not published.
 */
const RESERVED_NAMESPACES = ['http://www.w3.org/ns/odrl/2/', 'https://w3id.org/dspace/', 'https://w3id.org/kontor/', 'https://w3id.org/edc/'];
const RESERVED = new Set([
  ...['title', 'description', 'license', 'publisher', 'language', 'identifier', 'format'].map((t) => `http://purl.org/dc/terms/${t}`),
  ...['keyword', 'version', 'mediaType', 'distribution', 'dataset', 'service', 'accessService', 'catalog', 'endpointURL'].map((t) => `http://www.w3.org/ns/dcat#${t}`),
]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const isScalar = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** A value as JSON-LD reads it without a context of its own: a literal, `{"@id"}`, or an `@value` object (with `@type` or `@language`). */
function publishable(value: unknown): unknown {
  if (isScalar(value)) return value;
  if (Array.isArray(value)) {
    const items = value.map(publishable);
    return items.length > 0 && items.every((i) => i !== undefined) ? items : undefined;
  }
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length === 1 && typeof value['@id'] === 'string') return { '@id': dspIri(value['@id']) };
  if (!isScalar(value['@value']) || !keys.every((k) => ['@value', '@type', '@language'].includes(k))) return undefined;
  if (value['@type'] !== undefined && typeof value['@type'] !== 'string') return undefined;
  if (value['@language'] !== undefined && (typeof value['@language'] !== 'string' || value['@type'] !== undefined)) return undefined;
  return typeof value['@type'] === 'string' ? { ...value, '@type': dspIri(value['@type']) } : { ...value };
}

/**
 * The asset's further public properties that go into its dataset as given: those named by a full IRI (as EDC and
 * Tractus-X clients write `http://purl.org/dc/terms/type` or `https://w3id.org/catenax/ontology/common#version`),
 * with a value JSON-LD reads the same under the DSP context alone. Kontor's own names (`title`, …, written by the
 * dataset itself), its internal ones (`kontor:trainingData`, anything under `https://w3id.org/kontor/`), EDC's
 * (`edc:<x>`) and names of the DSP message structure stay out, and so does a value of another shape.
 */
export function publishedProperties(properties: Readonly<Json>): Json {
  const out: Json = {};
  for (const [name, value] of Object.entries(properties)) {
    if (!FULL_IRI.test(name) || RESERVED.has(name) || RESERVED_NAMESPACES.some((ns) => name.startsWith(ns))) continue;
    const published = publishable(value);
    if (published !== undefined) out[name] = published;
  }
  return out;
}
