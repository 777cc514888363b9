/** One setting of the configuration schema (connector/config/config-schema.ts). */
export type SettingType = 'string' | 'integer' | 'boolean' | 'list' | 'url';

export interface Setting {
  key: string;
  type: SettingType;
  default: string | number | boolean | readonly string[] | null;
  description: string;
  env: string;
  /** Allowed values, for enumerations. */
  values?: readonly string[];
  /** Secrets come only from the environment or from the file named by `fileKey`; never from the JSON config. */
  secret?: { fileKey: string; fileEnv: string };
  /** Shown `[redacted]` like a secret (`kontor config`, logs), though it may come from the JSON config too. */
  sensitive?: true;
  min?: number;
  max?: number;
  /** For a `url`: the schemes it may use; whether a user name or password may appear in it; whether a query or fragment may. */
  url?: { schemes: readonly string[]; userinfo?: true; queryAndFragment?: true };
}
