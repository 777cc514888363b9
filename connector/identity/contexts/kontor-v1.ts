/**
 * The project's own JSON-LD context, version 1. Every term Kontor credentials use beyond the VC 2.0
 * context is defined here (safe mode rejects undefined terms; VC 2.0 has no @vocab). Protected, so a
 * later context cannot silently redefine a term. Once published, never change a definition: add
 * `…/v2` instead (verifiers outside Kontor cache the document).
 *
 * Order in a credential: `["https://www.w3.org/ns/credentials/v2", KONTOR_CONTEXT_V1_URL]`.
 * ODRL is attached as a property-scoped context on `hasPolicy`, keeping its ~170 terms out of the
 * top level (JSON-LD 1.1, scoped contexts). Terms protected by VC 2.0 (`name`, `description`, `mediaType`, …) are
 * deliberately not redefined.
 */
export const KONTOR_CONTEXT_V1_URL = 'https://w3id.org/kontor/contexts/v1';
export const KONTOR_VOCAB = 'https://w3id.org/kontor/vocab#';
export const ODRL_CONTEXT_URL = 'https://www.w3.org/ns/odrl.jsonld';

/**
 * Prefixes the policy engine reads in ODRL (policy/model/iri.ts), so that offers keep their meaning inside
 * `hasPolicy`: `cx-policy:Membership` expands to the Catena-X IRI. `kontor:` means the policy namespace there
 * (a property-scoped context may redefine a protected term).
 */
const POLICY_PREFIXES = {
  'cx-policy': 'https://w3id.org/catenax/policy/',
  cx: 'https://w3id.org/catenax/policy/',
  fl: 'https://w3id.org/kontor/fl/',
  kontor: 'https://w3id.org/kontor/policy/',
  purpose: 'https://w3id.org/kontor/purpose/',
  edc: 'https://w3id.org/edc/v0.0.1/ns/',
  tx: 'https://w3id.org/tractusx/v0.0.1/ns/',
  dpv: 'https://w3id.org/dpv#',
} as const;

const set = (id: string) => ({ '@id': id, '@container': '@set' });
const ref = (id: string) => ({ '@id': id, '@type': '@id' });
const typed = (id: string, type: string) => ({ '@id': id, '@type': type });

export const kontorContextV1 = {
  '@context': {
    '@version': 1.1,
    '@protected': true,
    kontor: KONTOR_VOCAB,
    dcat: 'http://www.w3.org/ns/dcat#',
    dct: 'http://purl.org/dc/terms/',
    odrl: 'http://www.w3.org/ns/odrl/2/',
    xsd: 'http://www.w3.org/2001/XMLSchema#',
    gx: 'https://w3id.org/gaia-x/development#',

    // credential types
    MembershipCredential: 'kontor:MembershipCredential',
    FrameworkAgreementCredential: 'kontor:FrameworkAgreementCredential',
    DataExchangeGovernanceCredential: 'kontor:DataExchangeGovernanceCredential',
    BpnCredential: 'kontor:BpnCredential',
    DataOfferCredential: 'kontor:DataOfferCredential',
    Participant: 'kontor:Participant',
    ContractAgreementCredential: 'kontor:ContractAgreementCredential',
    DeletionReceiptCredential: 'kontor:DeletionReceiptCredential',

    // membership / participant terms
    legalName: 'kontor:legalName',
    businessPartnerNumber: 'kontor:businessPartnerNumber',
    businessPartnerGroups: set('kontor:businessPartnerGroups'),
    roles: set('kontor:roles'),
    memberOf: ref('kontor:memberOf'),
    memberSince: typed('kontor:memberSince', 'xsd:dateTime'),

    // framework agreement terms (Catena-X DataExchangeGovernanceCredential style)
    holderIdentifier: 'kontor:holderIdentifier',
    frameworkAgreement: 'kontor:frameworkAgreement',
    contractTemplate: ref('kontor:contractTemplate'),
    contractVersion: 'kontor:contractVersion',
    useCaseType: 'kontor:useCaseType',

    // contract agreements: the credential binds the RFC 8785 digest of the ODRL Agreement and the parties
    agreementDigest: 'kontor:agreementDigest',
    provider: ref('kontor:provider'),
    consumer: ref('kontor:consumer'),
    dataset: 'kontor:dataset',

    // deletion receipts (connector/usage/deletion-receipt.ts): what was deleted under which agreement, how and when
    agreement: 'kontor:agreement',
    deletedArtifacts: set('kontor:deletedArtifacts'),
    artifactClass: 'kontor:artifactClass',
    artifactName: 'kontor:artifactName',
    ciphertextSha256: 'kontor:ciphertextSha256',
    keyId: 'kontor:keyId',
    deletionMethod: 'kontor:deletionMethod',
    deletedAt: typed('kontor:deletedAt', 'xsd:dateTime'),
    auditSequence: typed('kontor:auditSequence', 'xsd:nonNegativeInteger'),
    auditHash: 'kontor:auditHash',

    // data offers: DCAT / DCT terms plus ODRL scoped to hasPolicy
    Dataset: 'dcat:Dataset',
    Distribution: 'dcat:Distribution',
    DataService: 'dcat:DataService',
    Offer: 'odrl:Offer',
    offers: set('kontor:offers'),
    title: 'dct:title',
    keyword: set('dcat:keyword'),
    publisher: ref('dct:publisher'),
    issued: typed('dct:issued', 'xsd:dateTime'),
    modified: typed('dct:modified', 'xsd:dateTime'),
    distribution: set('dcat:distribution'),
    accessURL: ref('dcat:accessURL'),
    accessService: ref('dcat:accessService'),
    endpointURL: ref('dcat:endpointURL'),
    format: 'dct:format',
    byteSize: typed('dcat:byteSize', 'xsd:nonNegativeInteger'),
    hasPolicy: { '@id': 'odrl:hasPolicy', '@context': [ODRL_CONTEXT_URL, POLICY_PREFIXES] },
  },
} as const;
