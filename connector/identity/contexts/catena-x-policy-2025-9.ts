/**
 * The Catena-X policy context, 2025/9 edition (`https://w3id.org/catenax/2025/9/policy/context.jsonld`), as Kontor's
 * own document: every term maps to the IRI of the same name in the `cx-policy:` namespace
 * `https://w3id.org/catenax/2025/9/policy/` (the policy engine folds it into the CX-0152 one, policy/model/iri.ts).
 *
 * Attribution: the term names and their IRIs are facts taken from the context Eclipse Tractus-X ships in
 * eclipse-tractusx/tractusx-edc @ d61fb723 (`core/json-ld-cx/src/main/resources/document/cx-policy-v1.jsonld`,
 * registered there under the URL above) and from the Catena-X ODRL profile (catenax-eV/cx-odrl-profile,
 * `schema/context/context.jsonld`). Tractus-X publishes under Apache-2.0 for code and CC-BY-4.0 for non-code
 * (its NOTICE.md); © Contributors of the Eclipse Foundation. This file is Kontor's own wording of those facts,
 * attributed here as CC-BY-4.0 asks.
 */
export const CX_POLICY_CONTEXT_URL = 'https://w3id.org/catenax/2025/9/policy/context.jsonld';
export const CX_POLICY_2025_9_NS = 'https://w3id.org/catenax/2025/9/policy/';

/** The action Catena-X access (catalog) policies use; the usage action is ODRL's `use`. */
const ACTIONS = ['access'] as const;

/** CX-0152 left operands. */
const LEFT_OPERANDS = [
  'AffiliatesBpnl',
  'AffiliatesRegion',
  'BusinessPartnerGroup',
  'BusinessPartnerNumber',
  'ConfidentialInformationMeasures',
  'ConfidentialInformationSharing',
  'ContractReference',
  'ContractTermination',
  'DataFrequency',
  'DataProvisioningEndDate',
  'DataProvisioningEndDurationDays',
  'DataUsageEndDate',
  'DataUsageEndDurationDays',
  'DataUsageEndDefinition',
  'ExclusiveUsage',
  'FrameworkAgreement',
  'JurisdictionLocation',
  'JurisdictionLocationReference',
  'Liability',
  'Membership',
  'Precedence',
  'UsagePurpose',
  'UsageRestriction',
  'VersionChanges',
  'Warranty',
  'WarrantyDurationMonths',
  'WarrantyDefinition',
] as const;

function cxContext(): Record<string, unknown> {
  const terms: Record<string, unknown> = {
    '@version': 1.1,
    '@protected': true,
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    'cx-policy': CX_POLICY_2025_9_NS,
  };
  for (const t of [...ACTIONS, ...LEFT_OPERANDS]) terms[t] = { '@id': `cx-policy:${t}` };
  return { '@context': terms };
}

export const catenaXPolicyContext: Readonly<Record<string, unknown>> = cxContext();
