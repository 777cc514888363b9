import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from './create-logger.js';

describe('the process logger', () => {
  it('should censor every secret setting of a logged configuration', () => {
    const secrets = {
      KONTOR_API_KEY: 'log-api-key-secret-0123456789',
      KONTOR_STORE_URL: 'postgres://kontor:log-pg-secret@127.0.0.1:5432/kontor',
      KONTOR_ARTIFACT_KEK: Buffer.alloc(32, 5).toString('base64'),
      KONTOR_DATA_TOKEN_SECRET: 'log-data-token-secret-0123456789abcdef',
    };
    const config = loadConfig({ env: { ...secrets, KONTOR_STORE_KIND: 'postgres' } });
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info({ config }, 'effective configuration');
    logger.info({ ...config.dataPlane, ...config.usage }, 'parts of it');
    const text = lines.join('\n');
    expect(text).toContain('[redacted]');
    for (const secret of Object.values(secrets)) expect(text).not.toContain(secret);
  });
});
