/** Read the common fields of a (not yet trusted) credential without assuming its shape. */
export type JsonObject = Record<string, unknown>;

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

const asArray = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return isObject(value) && typeof value.id === 'string' ? value.id : undefined;
}

export const issuerOf = (credential: JsonObject): string | undefined => idOf(credential.issuer);

export const typesOf = (doc: JsonObject): string[] => asArray(doc.type).filter((t): t is string => typeof t === 'string');

export const subjectsOf = (credential: JsonObject): JsonObject[] => asArray(credential.credentialSubject).filter(isObject);

export const statusEntriesOf = (credential: JsonObject): unknown[] => asArray(credential.credentialStatus);

export const credentialsOf = (presentation: JsonObject): unknown[] => asArray(presentation.verifiableCredential);

/** Epoch ms of an ISO date property; undefined when absent, NaN when present but not a date. */
export function dateOf(doc: JsonObject, property: string): number | undefined {
  const value = doc[property];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

/** The types that matter for trust and policy: everything but the base `VerifiableCredential`. */
export const specificTypes = (credential: JsonObject): string[] => typesOf(credential).filter((t) => t !== 'VerifiableCredential');
