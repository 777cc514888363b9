import { EDC_NS } from './edc-vocabulary.js';

/** EDC's asset property names that have a Kontor name of their own (EDC → Kontor); a Map, so `constructor` is no alias. */
const ALIASES: ReadonlyMap<string, string> = new Map([
  ['id', 'id'],
  ['name', 'title'],
  ['contenttype', 'mediaType'],
]);
/** Kontor's own asset property names (AssetProperties in the OpenAPI document). */
export const KONTOR_PROPERTY_NAMES = ['title', 'description', 'keywords', 'mediaType', 'license', 'version', 'publisher', 'language'] as const;
const KONTOR_NAMES: ReadonlySet<string> = new Set(KONTOR_PROPERTY_NAMES);
const REVERSE: ReadonlyMap<string, string> = new Map([...ALIASES].map(([edc, kontor]) => [kontor, edc]));

/**
 * The Kontor property an EDC property IRI (or a bare name, read as an `edc:` term) stands for:
 * `edc:id` → `id`, `edc:name` → `title`, `edc:contenttype` → `mediaType`, `edc:description` → `description`
 * (and Kontor's other names); any other `edc:` name → `edc:<name>`; other IRIs stay full IRIs. The same mapping
 * serves stored properties, asset selectors (`operandLeft`) and QuerySpec filters, so a full-IRI selector matches
 * the property it names.
 */
export function toKontorProperty(name: string): string {
  const local = name.startsWith(EDC_NS) ? name.slice(EDC_NS.length) : name.includes(':') ? undefined : name;
  if (local === undefined) return name;
  return ALIASES.get(local) ?? (KONTOR_NAMES.has(local) ? local : `edc:${local}`);
}

/** The compact name a Kontor property gets in a v3 response (the response context's `@vocab` is `edc:`). */
export function toEdcProperty(kontor: string): string {
  const edc = REVERSE.get(kontor);
  if (edc !== undefined) return edc;
  if (kontor.startsWith('edc:')) return kontor.slice(4);
  return kontor;
}
