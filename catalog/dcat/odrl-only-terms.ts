/**
 * ODRL properties that a stored policy may use (the policy engine reads them) but that the DSP 2025-1 context does not
 * define, with whether their value is an IRI. A DSP processor, which expands a message with the DSP context alone,
 * drops a property it has no term for: `unit: fl:TrainingRound` would reach it as a plain `count`, a use count.
 */
const ODRL_ONLY: Readonly<Record<string, 'iri' | 'value'>> = {
  unit: 'iri',
  dataType: 'iri',
  status: 'value',
  remedy: 'value',
  consequence: 'value',
  informedParty: 'iri',
  compensatedParty: 'iri',
};

const asIri = (value: unknown): unknown => (typeof value === 'string' ? { '@id': value } : value);

/**
 * The members of a rule or constraint (beyond the ones the offer builder writes itself) with every ODRL property the
 * DSP context does not define written as `odrl:<name>` (a prefix the DSP context defines), an IRI value as
 * `{"@id": …}`, and a constraint's `uid` as its `@id` (ODRL's context reads `uid` so). The policy engine and the
 * comparison of terms read `odrl:unit` as `unit`, and `{"@id": …}` as the IRI.
 */
export function withOdrlNames(members: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(members)) {
    const kind = ODRL_ONLY[key];
    if (key === 'uid' && members['@id'] === undefined) out['@id'] = value;
    else if (kind === undefined) out[key] = value;
    else out[`odrl:${key}`] = kind === 'iri' ? (Array.isArray(value) ? value.map(asIri) : asIri(value)) : value;
  }
  return out;
}
