import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA } from './config-schema.js';
import { renderConfigDocs } from './render-config-docs.js';
import { scopeAliases } from './setting-parsers.js';

const row = (key: string) =>
  renderConfigDocs()
    .split('\n')
    .find((line) => line.startsWith(`| \`${key}\` |`)) ?? '';

describe('docs/config.md as rendered from the schema', () => {
  it('should show the bounds the loader enforces on every bounded integer (docs-truth review item 7)', () => {
    expect(row('managementApi.bodyLimitBytes')).toContain('| integer 1024–104857600 |');
    expect(row('store.poolSize')).toContain('| integer 1–200 |');
    for (const s of CONFIG_SCHEMA.filter((x) => x.min !== undefined && x.max !== undefined)) expect(row(s.key), s.key).toContain(`${s.min}–${s.max}`);
  });

  it('should describe scope aliases as the loader reads them: dotted names without ":" (docs-truth review item 4)', () => {
    const setting = CONFIG_SCHEMA.find((s) => s.key === 'identity.scopeAliases');
    expect(setting?.description).toContain('dotted name without `:`');
    expect(setting?.description).not.toMatch(/\(<alias>:<CredentialType>\[:read\]; comma-separated\)/);
    const example = /e\.g\. ([^;,)\s]+)/.exec(setting?.description ?? '')?.[1] ?? '';
    const problems: { pointer: string; message: string }[] = [];
    expect(scopeAliases([example], problems)).toEqual([example]);
    expect(problems).toEqual([]);
  });
});
