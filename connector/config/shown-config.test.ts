import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from './config-schema.js';
import { loadConfig } from './load-config.js';
import { shownConfig } from './shown-config.js';

const KEY = 'k'.repeat(24);

function leaves(value: unknown, path = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [path];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
}

/** Docs-truth review item 8: `kontor config` prints the settings of docs/config.md, not the loader's own fields. */
describe('shownConfig', () => {
  it('should print only schema keys, in the schema units, and nothing taken from the environment', () => {
    const env = { KONTOR_API_KEY: KEY, KONTOR_TRAINING_MIN_NOISE_MILLI: '1250', PATH: '/usr/bin', HOME: '/home/site' };
    const shown = shownConfig(loadConfig({ env }));
    const keys = new Set(CONFIG_SCHEMA.map((s) => s.key));
    expect(leaves(shown).filter((k) => !keys.has(k))).toEqual([]);
    expect(shown).toMatchObject({ training: { minNoiseMilli: 1250 }, managementApi: { apiKey: '[redacted]', port: 8181 } });
    const text = JSON.stringify(shown);
    expect(text).not.toMatch(/minNoiseMultiplier|localTrainerEnv|\/home\/site/);
    expect(text).not.toContain(KEY);
  });
});
