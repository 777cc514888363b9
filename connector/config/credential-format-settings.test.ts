import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { loadConfig } from './load-config.js';

const KEY = 'k'.repeat(24);

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConnectorError) return error.violations.map((v) => `${v.pointer}: ${v.message}`);
    throw error;
  }
  throw new Error('expected a configuration error');
}

describe('credential format settings', () => {
  it('should default to Data Integrity with Ed25519 and the DCP and Tractus-X scope aliases', () => {
    const c = loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_KEY_FILE: '/k/keys.json' } });
    expect(c.authority).toMatchObject({ credentialFormat: 'ldp', keyType: 'Ed25519', p256KeyFile: '/k/keys.p256.json' });
    expect(c.identity.scopeAliases).toEqual(['org.eclipse.dspace.dcp.vc.type', 'org.eclipse.tractusx.vc.type']);
  });

  it('should take a JWT format with P-256 and extra scope aliases', () => {
    const c = loadConfig({
      env: {
        KONTOR_API_KEY: KEY,
        KONTOR_AUTHORITY_CREDENTIAL_FORMAT: 'vc11-sl2021/jwt',
        KONTOR_AUTHORITY_KEY_TYPE: 'P-256',
        KONTOR_SCOPE_ALIASES: 'org.eclipse.dspace.dcp.vc.type,org.eclipse.edc.vc.type',
      },
    });
    expect(c.authority).toMatchObject({ credentialFormat: 'vc11-sl2021/jwt', keyType: 'P-256' });
    expect(c.identity.scopeAliases).toEqual(['org.eclipse.dspace.dcp.vc.type', 'org.eclipse.edc.vc.type']);
  });

  it('should refuse P-256 with Data Integrity, unknown formats and malformed aliases, naming the setting', () => {
    expect(problemsOf(() => loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_AUTHORITY_KEY_TYPE: 'P-256' } })).join('\n')).toContain(
      'authority.keyType: P-256 needs a JWT authority.credentialFormat',
    );
    expect(problemsOf(() => loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_AUTHORITY_CREDENTIAL_FORMAT: 'jwt' } })).join('\n')).toContain('authority.credentialFormat');
    expect(problemsOf(() => loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_SCOPE_ALIASES: 'org.x:read' } })).join('\n')).toContain(
      "identity.scopeAliases: 'org.x:read' is not a scope alias",
    );
  });
});
