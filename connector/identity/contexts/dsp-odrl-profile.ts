/**
 * The DSP 2025-1 ODRL profile context (`https://w3id.org/dspace/2025/1/odrl-profile.jsonld`), built here from its
 * term list so that v3 bodies naming it expand offline. The terms are the ODRL 2.2 ones DSP selects, each mapped
 * to its `odrl:` IRI: references typed `@id`, the action / operator / left operand typed `@vocab` (their values
 * are vocabulary terms), and rule lists as `@set` containers. The term list is a fact from the Dataspace Protocol
 * 2025-1 (eclipse-dataspace-protocol-base/DataspaceProtocol, tag `2025-1-err1`, `context/odrl.jsonld`),
 * Apache-2.0, Copyright © 2025 The Eclipse Foundation AISBL.
 */
export const DSP_ODRL_PROFILE_URL = 'https://w3id.org/dspace/2025/1/odrl-profile.jsonld';

const PLAIN = [
  'Policy',
  'Rule',
  'prohibit',
  'Agreement',
  'Assertion',
  'Offer',
  'Set',
  'Asset',
  'Action',
  'use',
  'Permission',
  'Prohibition',
  'Duty',
  'Constraint',
  'Operator',
  'RightOperand',
  'rightOperand',
  'LeftOperand',
  'eq',
  'gt',
  'gteq',
  'lt',
  'lteq',
  'neq',
  'isA',
  'hasPart',
  'isPartOf',
  'isAllOf',
  'isAnyOf',
  'isNoneOf',
  'or',
  'xone',
  'and',
  'andSequence',
] as const;
const REFERENCES = ['profile', 'hasPolicy', 'target', 'assignee', 'assigner'] as const;
const VOCABULARY = ['action', 'operator', 'leftOperand'] as const;
const LISTS = ['permission', 'prohibition', 'obligation', 'duty', 'constraint'] as const;

function profileContext(): Record<string, unknown> {
  const terms: Record<string, unknown> = { odrl: 'http://www.w3.org/ns/odrl/2/' };
  for (const t of PLAIN) terms[t] = `odrl:${t}`;
  for (const t of REFERENCES) terms[t] = { '@type': '@id', '@id': `odrl:${t}` };
  for (const t of VOCABULARY) terms[t] = { '@type': '@vocab', '@id': `odrl:${t}` };
  for (const t of LISTS) terms[t] = { '@type': '@id', '@id': `odrl:${t}`, '@container': '@set' };
  return { '@context': terms };
}

export const dspOdrlProfileContext: Readonly<Record<string, unknown>> = profileContext();
