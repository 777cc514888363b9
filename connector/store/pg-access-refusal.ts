import { ConnectionLost } from './pg-connection-loss.js';

/**
 * Why PostgreSQL will not let this connector use the database of `store.url` at all, with the code to log: the
 * server refused the user or password (28P01, 28000), the database does not exist (3D000), the SSL connection
 * failed, or a certificate or key file the URL names (sslcert, sslkey, sslrootcert) cannot be read. The operator
 * must mend `store.url` (or the server); the reason never repeats the URL, which may hold the password.
 */
export function pgAccessRefusal(error: unknown): { reason: string; code: string } | undefined {
  const original = error instanceof ConnectionLost ? error.original : error;
  const e = original as { code?: unknown; message?: unknown; syscall?: unknown; path?: unknown } | undefined;
  const code = String(e?.code ?? '');
  const message = String(e?.message ?? '');
  if (code === '28P01') return { code, reason: 'PostgreSQL refused the user name or password given in store.url' };
  if (code === '28000') return { code, reason: `PostgreSQL refused the user given in store.url (${message}): check the user and pg_hba.conf` };
  if (code === '3D000') return { code, reason: `the database named in store.url does not exist (${message})` };
  if (code.startsWith('28')) return { code, reason: 'PostgreSQL refused the authorization given in store.url' };
  if (code === 'ENOENT' && e?.syscall === 'open' && typeof e.path === 'string') {
    return { code, reason: `the file '${e.path}' named in store.url (sslcert, sslkey or sslrootcert) does not exist` };
  }
  if (isSslFailure(code, message)) return { code: code || 'SSL', reason: `the SSL connection to PostgreSQL failed (${message}): check sslmode and the certificates in store.url` };
  return undefined;
}

/** Node's TLS and certificate errors, and node-pg's own ("The server does not support SSL connections"). */
function isSslFailure(code: string, message: string): boolean {
  if (/^(ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/.test(code)) return true;
  return code === '' && /\bSSL\b|certificate/i.test(message);
}
