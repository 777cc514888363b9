/** The typed, frozen result of loading the configuration (see config-schema.ts for each setting). */
export interface KontorConfig {
  participantId: string;
  runtime: { environment: 'development' | 'test' | 'production' };
  managementApi: {
    host: string;
    port: number;
    apiKey: string;
    bodyLimitBytes: number;
    problemTypeBase: string;
  };
  publicApi: { host: string; port: number; url: string };
  store: StoreConfig;
  identity: IdentityConfig;
  did: { allowHttpLoopback: boolean; httpHosts: readonly string[]; cacheTtlMs: number; cacheSize: number; negativeCacheTtlMs: number; fetchesPerMinute: number };
  /** HTTPS of the listeners and the extra CAs outbound calls trust (see connector/http/tls). */
  tls: TlsConfig;
  /** The outbound policy's address lists (see connector/http/outbound). */
  outbound: { allowAddresses: readonly string[]; denyAddresses: readonly string[] };
  authority: { credentialValiditySeconds: number; credentialFormat: 'ldp' | 'vc11-sl2021/jwt' | 'vc20-bssl/jwt'; keyType: 'Ed25519' | 'P-256'; p256KeyFile: string };
  dsp: {
    basePath: string;
    bodyLimitBytes: number;
    catalogPageSize: number;
    catalogMaxPageSize: number;
    catalogCacheTtlMs: number;
    requireAgreementCredential: string[];
    unsignedOffersFrom: string[];
    agreementCredentialSuite: 'eddsa-jcs-2022' | 'eddsa-rdfc-2022';
  };
  catalog: { federation: FederationConfig };
  stateMachine: { idleWaitMs: number; leaseMs: number; retryLimit: number; retryBaseMs: number; peerSilenceMs: number };
  webhooks: { allowHttp: boolean; retryLimit: number; retryBaseMs: number; retryCapMs: number };
  training: {
    maxClipNorm: number;
    minNoiseMultiplier: number;
    maxModelNorm: number;
    sampleCountBucket: number;
    artifactDir: string;
    localTrainer: string[];
    localTrainerTimeoutMs: number;
    /** Every file a TrainingData own-data address names lies below it; none is taken without it. */
    dataRoot: string | undefined;
    /** The only environment the local trainer gets: PATH, HOME and the locale of the connector's own (never settings or secrets). */
    localTrainerEnv: Record<string, string>;
  };
  usage: {
    monitorIntervalMs: number;
    receiptGraceMs: number;
    suspendAfterMs: number;
    artifactKek: string | undefined;
    artifactKekFile: string;
    /** usage.artifactKekFile was given (not its default path): a missing file there is refused, never created. */
    artifactKekFileGiven: boolean;
  };
  health: { credentialMarginMs: number };
  log: { level: string };
  shutdown: { graceMs: number };
  dataPlane: {
    tokenTtlSeconds: number;
    tokenSecret: string | undefined;
    fileRoot: string | undefined;
    secretsDir: string | undefined;
    sourceTimeoutMs: number;
    pushTimeoutMs: number;
  };
  /** The mode the Eclipse DSP TCK drives (development identity only). */
  tck: { enabled: boolean; fixtureFile: string | undefined };
}

export interface StoreConfig {
  kind: 'sqlite' | 'postgres';
  path: string;
  url: string | undefined;
  schema: string;
  poolSize: number;
  migrate: boolean;
  /** SQLite: the blocking busy wait per attempt, in ms (default 50). */
  busyTimeoutMs?: number;
  /** SQLite: the whole wait for another process's write lock before STORE_UNAVAILABLE, in ms (default 3000). */
  lockWaitMs?: number;
}

export interface IdentityConfig {
  kind: 'dcp' | 'dev';
  keyFile: string;
  authorityUrl: string | undefined;
  /** Trusted issuer DIDs, each for every credential type (`types` absent) or for the listed types only. */
  trustedIssuers: readonly { did: string; types?: readonly string[] }[];
  /** Scope aliases the credential service reads (`<alias>:<Type>[:read]`). */
  scopeAliases: readonly string[];
  /** Credential types the credential service presents to verifiers (the scope of the access tokens it issues). */
  disclosedCredentialTypes: readonly string[];
  statusRefreshMs: number;
  presentationCacheSize: number;
  tokenTtlSeconds: number;
  /** Development identity: the one fixed Authorization header accepted as `fixedParticipant` (the TCK's). */
  dev: {
    fixedAuthorization: string | undefined;
    fixedParticipant: string;
    /** Served on a listener or URL that is not loopback (otherwise refused at start). */
    allowNetwork: boolean;
  };
}

export interface FederationConfig {
  /** Configured peers: DID and DSP base URL. */
  peers: readonly { did: string; url: string }[];
  directory: boolean;
  intervalMs: number;
  evictAfterMs: number;
  /** The whole crawl of one peer (every page) must end within this. */
  peerTimeoutMs: number;
}

export interface TlsConfig {
  certFile: string | undefined;
  keyFile: string | undefined;
  chainFile: string | undefined;
  pfxFile: string | undefined;
  passphrase: string | undefined;
  /** The management listener serves HTTPS too. */
  management: boolean;
  reloadIntervalMs: number;
  caFile: string | undefined;
}
