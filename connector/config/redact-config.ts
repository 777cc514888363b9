import { CONFIG_SCHEMA, type Setting } from './config-schema.js';
import type { KontorConfig } from './kontor-config.js';

export const REDACTED = '[redacted]';

/**
 * The configuration as it may be shown (`kontor config`, logs): every setting the schema flags as a secret (or sensitive) is
 * replaced by `[redacted]` when set, found by its dotted key, so a new secret is redacted the day it is added.
 */
export function redactConfig(config: KontorConfig, schema: readonly Setting[] = CONFIG_SCHEMA): Record<string, unknown> {
  const shown = structuredClone(config) as unknown as Record<string, unknown>;
  for (const setting of schema.filter((s) => s.secret || s.sensitive)) {
    const path = setting.key.split('.');
    const leaf = path.pop() as string;
    let holder: unknown = shown;
    for (const part of path) holder = isRecord(holder) ? holder[part] : undefined;
    if (isRecord(holder) && holder[leaf] !== undefined && holder[leaf] !== null) holder[leaf] = REDACTED;
  }
  return shown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
