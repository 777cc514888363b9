import { CONFIG_SCHEMA, type Setting } from './config-schema.js';
import type { KontorConfig } from './kontor-config.js';
import { redactConfig } from './redact-config.js';

/** Settings the loaded configuration holds in another unit, read back in the schema's own. */
const IN_SCHEMA_UNITS: Readonly<Record<string, (config: KontorConfig) => unknown>> = {
  'training.minNoiseMilli': (config) => Math.round(config.training.minNoiseMultiplier * 1000),
};

/**
 * The effective configuration as `kontor config` prints it: the schema's settings, under their own keys and units and
 * in its order, secrets redacted. What the loader derives beyond them (the trainer's environment, taken from the
 * process) is left out, and so are the `…File` sources of secrets (their values are shown, redacted, under the secret).
 */
export function shownConfig(config: KontorConfig, schema: readonly Setting[] = CONFIG_SCHEMA): Record<string, unknown> {
  const redacted = redactConfig(config, schema);
  const shown: Record<string, unknown> = {};
  for (const { key } of schema) {
    const value = key in IN_SCHEMA_UNITS ? IN_SCHEMA_UNITS[key]?.(config) : valueAt(redacted, key);
    if (value !== undefined) place(shown, key, value);
  }
  return shown;
}

function valueAt(holder: unknown, key: string): unknown {
  let value = holder;
  for (const part of key.split('.')) value = isRecord(value) ? value[part] : undefined;
  return value;
}

function place(shown: Record<string, unknown>, key: string, value: unknown): void {
  const path = key.split('.');
  const leaf = path.pop() as string;
  let holder = shown;
  for (const part of path) {
    const next = holder[part];
    if (isRecord(next)) holder = next;
    else {
      const created: Record<string, unknown> = {};
      holder[part] = created;
      holder = created;
    }
  }
  holder[leaf] = value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
