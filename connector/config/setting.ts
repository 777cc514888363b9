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
}
