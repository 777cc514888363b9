import { readFileSync } from 'node:fs';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { ConnectorError } from '../../../core/index.js';
import type { TlsConfig } from '../../config/kontor-config.js';

export type TlsFiles = Pick<TlsConfig, 'certFile' | 'keyFile' | 'chainFile' | 'pfxFile' | 'passphrase'>;

/** The files a listener's certificate is read from (those configured), watched for a change. */
export function tlsFilePaths(tls: TlsFiles): string[] {
  return [tls.certFile, tls.keyFile, tls.chainFile, tls.pfxFile].filter((f): f is string => f !== undefined);
}

/**
 * The secure-context options of the configured PEM files (certificate, then chain; key) or PKCS#12 bundle, tried
 * once with `createSecureContext` so that a key that does not match, a wrong passphrase or a file that is no
 * certificate fails here with CONFIG_INVALID naming the setting, not at the first handshake.
 */
export function readTlsMaterial(tls: TlsFiles, readFile: (path: string) => Buffer = (p) => readFileSync(p)): SecureContextOptions {
  const read = (key: string, path: string): Buffer => {
    try {
      return readFile(path);
    } catch (error) {
      throw invalid(key, `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  };
  const passphrase = tls.passphrase !== undefined ? { passphrase: tls.passphrase } : {};
  const options: SecureContextOptions =
    tls.pfxFile !== undefined
      ? { pfx: read('tls.pfxFile', tls.pfxFile), ...passphrase }
      : {
          cert: Buffer.concat([read('tls.certFile', tls.certFile ?? ''), Buffer.from('\n'), ...(tls.chainFile ? [read('tls.chainFile', tls.chainFile)] : [])]),
          key: read('tls.keyFile', tls.keyFile ?? ''),
          ...passphrase,
        };
  try {
    createSecureContext(options);
  } catch (error) {
    throw invalid(tls.pfxFile !== undefined ? 'tls.pfxFile' : 'tls.certFile', `the certificate cannot be used: ${(error as Error).message}`);
  }
  return options;
}

function invalid(pointer: string, message: string): ConnectorError {
  return new ConnectorError('CONFIG_INVALID', { detail: `invalid configuration: ${pointer}: ${message}`, violations: [{ pointer, message }] });
}
