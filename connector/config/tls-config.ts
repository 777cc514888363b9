import type { Violation } from '../../core/index.js';
import type { TlsConfig } from './kontor-config.js';

/**
 * The `tls.*` settings as one object, with the combinations that cannot work refused: a certificate without its
 * key (or the reverse), PEM files and a PKCS#12 bundle at once, a chain or a passphrase with nothing to apply to,
 * and an HTTPS management listener without a certificate.
 */
export function tlsConfig(get: <T>(key: string) => T, problems: Violation[]): TlsConfig {
  const tls: TlsConfig = {
    certFile: get<string | undefined>('tls.certFile'),
    keyFile: get<string | undefined>('tls.keyFile'),
    chainFile: get<string | undefined>('tls.chainFile'),
    pfxFile: get<string | undefined>('tls.pfxFile'),
    passphrase: get<string | undefined>('tls.passphrase'),
    management: get('tls.management'),
    reloadIntervalMs: get('tls.reloadIntervalMs'),
    caFile: get<string | undefined>('tls.caFile'),
  };
  const problem = (pointer: string, message: string) => problems.push({ pointer, message });
  if (tls.certFile !== undefined && tls.keyFile === undefined) problem('tls.keyFile', 'is required with tls.certFile');
  if (tls.keyFile !== undefined && tls.certFile === undefined) problem('tls.certFile', 'is required with tls.keyFile');
  if (tls.pfxFile !== undefined && (tls.certFile !== undefined || tls.keyFile !== undefined))
    problem('tls.pfxFile', 'cannot be combined with tls.certFile and tls.keyFile: choose PEM files or a PKCS#12 bundle');
  if (tls.chainFile !== undefined && tls.certFile === undefined) problem('tls.chainFile', 'is used only with tls.certFile');
  const serving = tlsServing(tls);
  if (tls.passphrase !== undefined && !serving) problem('tls.passphrase', 'is used only with tls.keyFile or tls.pfxFile');
  if (tls.management && !serving) problem('tls.management', 'needs tls.certFile and tls.keyFile, or tls.pfxFile');
  return tls;
}

/** Whether the listeners serve HTTPS (a certificate is configured). */
export function tlsServing(tls: Pick<TlsConfig, 'certFile' | 'pfxFile'>): boolean {
  return tls.certFile !== undefined || tls.pfxFile !== undefined;
}
