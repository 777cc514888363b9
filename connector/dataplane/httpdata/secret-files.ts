import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConnectorError } from '../../../core/index.js';
import { SECRET_NAME } from './header-rules.js';

const SECRET_LIMIT = 64 * 1024;

/** Resolves a data address's secret reference (`secretName`, `oauth2:clientSecretKey`) to its value. */
export interface SecretResolver {
  resolve(name: string): Promise<string>;
}

/**
 * Secrets as files in one directory the operator configures (`dataPlane.secretsDir`), one file per secret named
 * by the reference, as Docker and Kubernetes mount them. The value is the file's content without a trailing
 * newline; it is read when data flows and held nowhere else. The consumer learns only that a secret is missing.
 */
export function fileSecrets(dir: string | undefined): SecretResolver {
  const missing = () => new ConnectorError('SECRET_UNAVAILABLE', { detail: 'a secret the data source needs is not configured on the provider' });
  return {
    async resolve(name) {
      if (!dir || !SECRET_NAME.test(name)) throw missing();
      let value: string;
      try {
        const bytes = await readFile(join(dir, name));
        if (bytes.length > SECRET_LIMIT) throw new Error('too large');
        value = bytes.toString('utf8').replace(/\r?\n$/, '');
      } catch {
        throw missing();
      }
      if (!/^[\x20-\x7e]{1,65536}$/.test(value)) throw missing();
      return value;
    },
  };
}
