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
  log: { level: string };
  shutdown: { graceMs: number };
}

export interface StoreConfig {
  kind: 'sqlite' | 'postgres';
  path: string;
  url: string | undefined;
  schema: string;
  poolSize: number;
  migrate: boolean;
}
