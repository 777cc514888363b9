import canonicalize from 'canonicalize';

const RULE_KEYS = ['permission', 'prohibition', 'obligation'] as const;

/**
 * Drops every member whose value is an empty array, at any depth. In JSON-LD an empty array is no value at all:
 * `{"action": "use", "constraints": []}` (as the Eclipse DSP TCK writes a rule) says what `{"action": "use"}` says.
 */
export function withoutEmptyArrays<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutEmptyArrays) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, withoutEmptyArrays(v)]),
  ) as T;
}

/**
 * The JSON-LD reading of a value for comparison: an empty array is no value and a one-item array is its item, at any
 * depth. JSON-LD compaction writes a single constraint as an object (EDC's policies arrive so) where Kontor's stored
 * policies hold a list of one; both state the same rule.
 */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 1 ? comparable(value[0]) : value.map(comparable);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, comparable(v)]),
  );
}

/**
 * Whether two ODRL offers state the same rules: RFC 8785 canonical JSON of permission, prohibition, obligation, read
 * as JSON-LD reads them (empty arrays are no value, a one-item array is its item).
 */
export function sameRules(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const pick = (o: Record<string, unknown>) => comparable(Object.fromEntries(RULE_KEYS.map((k) => [k, o[k] ?? o[`odrl:${k}`] ?? []])));
  return (canonicalize as unknown as (v: unknown) => string)(pick(a)) === (canonicalize as unknown as (v: unknown) => string)(pick(b));
}
