import canonicalize from 'canonicalize';

const RULE_KEYS = ['permission', 'prohibition', 'obligation'] as const;

/** Whether two ODRL offers state the same rules (RFC 8785 canonical JSON of permission, prohibition, obligation). */
export function sameRules(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const pick = (o: Record<string, unknown>) => Object.fromEntries(RULE_KEYS.map((k) => [k, o[k] ?? o[`odrl:${k}`] ?? []]));
  return (canonicalize as unknown as (v: unknown) => string)(pick(a)) === (canonicalize as unknown as (v: unknown) => string)(pick(b));
}
