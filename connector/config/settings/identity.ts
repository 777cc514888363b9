import type { Setting } from '../setting.js';

/** Identity: the development or DCP identity, the TCK mode and did:web resolution. */
export const IDENTITY_SETTINGS: readonly Setting[] = [
  {
    key: 'identity.kind',
    type: 'string',
    default: 'dcp',
    env: 'KONTOR_IDENTITY_KIND',
    values: ['dcp', 'dev'],
    description: 'How protocol callers are verified: dcp (self-issued tokens + verifiable presentations) or dev (unit tests only; refused in production)',
  },
  {
    key: 'identity.keyFile',
    type: 'string',
    default: './data/keys.json',
    env: 'KONTOR_KEY_FILE',
    description: "File holding this participant's Ed25519 keys (created with mode 0600 when missing)",
  },
  {
    key: 'identity.authorityUrl',
    type: 'url',
    default: null,
    env: 'KONTOR_AUTHORITY_URL',
    url: { schemes: ['http', 'https'] },
    description: "Base URL of the data-space authority that issues this participant's credentials (http or https, no user:password@, query or fragment)",
  },
  {
    key: 'identity.trustedIssuers',
    type: 'list',
    default: [],
    env: 'KONTOR_TRUSTED_ISSUERS',
    description: 'Issuer DIDs whose credentials are trusted (comma-separated; TYPE=DID limits one to a credential type)',
  },
  {
    key: 'identity.scopeAliases',
    type: 'list',
    default: ['org.eclipse.dspace.dcp.vc.type', 'org.eclipse.tractusx.vc.type'],
    env: 'KONTOR_SCOPE_ALIASES',
    description:
      'Scope aliases the credential service accepts in presentation queries: the alias part of a scope `<alias>:<CredentialType>[:read]`, each a dotted name without `:` (e.g. org.eclipse.tractusx.vc.type; comma-separated, at least one); the DCP alias org.eclipse.dspace.dcp.vc.type is always sent',
  },
  {
    key: 'identity.disclosedCredentialTypes',
    type: 'list',
    default: ['MembershipCredential', 'BpnCredential', 'DataExchangeGovernanceCredential', 'FrameworkAgreementCredential'],
    env: 'KONTOR_DISCLOSED_CREDENTIAL_TYPES',
    description:
      "Credential types this connector's credential service presents to a verifier it sends a protocol message to (comma-separated, MembershipCredential included); a type a verifier asks for beyond them is left out of the presentation",
  },
  {
    key: 'identity.statusRefreshMs',
    type: 'integer',
    default: 300000,
    env: 'KONTOR_STATUS_REFRESH_MS',
    min: 0,
    max: 86400000,
    description: 'How long a verified presentation (and its revocation status) may be reused',
  },
  {
    key: 'identity.presentationCacheSize',
    type: 'integer',
    default: 1000,
    env: 'KONTOR_PRESENTATION_CACHE_SIZE',
    min: 0,
    max: 1000000,
    description: 'Most verified presentations kept in the cache',
  },
  {
    key: 'identity.tokenTtlSeconds',
    type: 'integer',
    default: 300,
    env: 'KONTOR_TOKEN_TTL_SECONDS',
    min: 10,
    max: 3600,
    description: 'Lifetime of the self-issued tokens this connector sends',
  },
  {
    key: 'identity.dev.fixedAuthorization',
    type: 'string',
    default: null,
    env: 'KONTOR_DEV_FIXED_AUTHORIZATION',
    sensitive: true,
    description:
      'Development identity only: a request whose Authorization header is exactly this value is identity.dev.fixedParticipant (the Eclipse DSP TCK sends one fixed header); refused in production',
  },
  {
    key: 'identity.dev.fixedParticipant',
    type: 'string',
    default: 'TCK_PARTICIPANT',
    env: 'KONTOR_DEV_FIXED_PARTICIPANT',
    description: 'Development identity only: the participant a request with identity.dev.fixedAuthorization is (need not be a DID)',
  },
  {
    key: 'identity.dev.allowNetwork',
    type: 'boolean',
    default: false,
    env: 'KONTOR_DEV_ALLOW_NETWORK',
    description:
      'Development identity only: serve it on a listener or public URL that is not loopback (a development network of containers, the TCK in a container). Without it identity.kind dev needs publicApi.host, managementApi.host and the host of publicApi.url to be 127.0.0.1, ::1 or localhost, since any caller may claim any identity; refused in production',
  },
  {
    key: 'tck.enabled',
    type: 'boolean',
    default: false,
    env: 'KONTOR_TCK_ENABLED',
    description:
      "Mounts the Eclipse DSP TCK's initiate hooks (/tck/negotiations/requests, /tck/transfers/requests) on the public listener; needs identity.kind dev, refused in production",
  },
  {
    key: 'tck.fixtureFile',
    type: 'string',
    default: null,
    env: 'KONTOR_TCK_FIXTURE_FILE',
    description: 'TCK mode only: JSON file of assets, policies, contract definitions, offer-id aliases and agreements seeded at start-up (see docs/tck.md)',
  },
  {
    key: 'did.allowHttpLoopback',
    type: 'boolean',
    default: false,
    env: 'KONTOR_DID_ALLOW_HTTP_LOOPBACK',
    description: 'Resolve did:web over plain HTTP for loopback hosts (development and tests only; refused in production)',
  },
  {
    key: 'did.httpHosts',
    type: 'list',
    default: [],
    env: 'KONTOR_DID_HTTP_HOSTS',
    description:
      "Host names or IP addresses (besides loopback; no scheme or port, every port of a listed host counts) whose did:web documents and status lists are fetched over plain HTTP: a development network's service names, e.g. docker-compose.yml, until HTTPS; never for hosts reached over a real network (refused in production)",
  },
  { key: 'did.cacheTtlMs', type: 'integer', default: 300000, env: 'KONTOR_DID_CACHE_TTL_MS', min: 0, max: 86400000, description: 'How long a resolved DID document is reused' },
  { key: 'did.cacheSize', type: 'integer', default: 1000, env: 'KONTOR_DID_CACHE_SIZE', min: 1, max: 1000000, description: 'Most DID documents kept in the resolver cache' },
  {
    key: 'did.negativeCacheTtlMs',
    type: 'integer',
    default: 10000,
    env: 'KONTOR_DID_NEGATIVE_CACHE_TTL_MS',
    min: 0,
    max: 3600000,
    description: 'How long a failed did:web resolution is remembered: the same unknown DID is not fetched again before (0 = not remembered)',
  },
  {
    key: 'did.fetchesPerMinute',
    type: 'integer',
    default: 120,
    env: 'KONTOR_DID_FETCHES_PER_MINUTE',
    min: 1,
    max: 1000000,
    description:
      'Most did:web documents fetched per minute for DIDs not in the cache (callers name DIDs before they are authenticated); beyond it a resolution fails as unavailable',
  },
];
