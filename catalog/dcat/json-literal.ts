/**
 * A JSON-LD JSON literal (`{"@type": "@json", "@value": …}`): how Kontor embeds a signed credential in a DSP
 * message. A processor that expands the message with the DSP context alone keeps the credential as an opaque
 * value and never loads the credential's own contexts; the credential itself stays byte for byte as signed.
 * See docs/decisions/0013-credentials-as-json-literals.md.
 */
export function jsonLiteral(value: Record<string, unknown>): { '@type': '@json'; '@value': Record<string, unknown> } {
  return { '@type': '@json', '@value': value };
}

/** The credential inside a JSON literal; a bare object (as older Kontor peers sent it) is taken as it is. */
export function fromJsonLiteral(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (v['@type'] === '@json') return typeof v['@value'] === 'object' && v['@value'] !== null && !Array.isArray(v['@value']) ? (v['@value'] as Record<string, unknown>) : undefined;
  return v;
}
