import { describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { loadConfig } from '../config/load-config.js';

const KEY = 'k'.repeat(24);

describe('federated catalog configuration', () => {
  it('should read DID=URL peers and refuse anything else', () => {
    const c = loadConfig({
      env: {
        KONTOR_API_KEY: KEY,
        KONTOR_FEDERATION_PEERS: 'did:web:a.example=https://a.example/api/dsp/?x=1, did:web:b.example=http://b.example/dsp/',
        KONTOR_FEDERATION_INTERVAL_MS: '60000',
      },
    });
    expect(c.catalog.federation).toEqual({
      peers: [
        { did: 'did:web:a.example', url: 'https://a.example/api/dsp/?x=1' },
        { did: 'did:web:b.example', url: 'http://b.example/dsp' },
      ],
      directory: false,
      intervalMs: 60000,
      evictAfterMs: 86_400_000,
      peerTimeoutMs: 120_000,
    });
    try {
      loadConfig({ env: { KONTOR_API_KEY: KEY, KONTOR_FEDERATION_PEERS: 'https://a.example,did:web:b=ftp://b' } });
      expect.unreachable();
    } catch (e) {
      expect((e as ConnectorError).violations.map((v) => v.pointer)).toEqual(['catalog.federation.peers', 'catalog.federation.peers']);
    }
  });
});
