import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { ConnectorError, isConnectorError } from '../../core/index.js';
import type { StoreConfig } from '../config/kontor-config.js';
import { driverCode, translateSqlError } from './sql-errors.js';
import { DOWN, storeFaultOf } from './store-fault.js';

/** Which store a start-up error is about, as the operator configured it. */
export function storeWhere(config: Pick<StoreConfig, 'kind' | 'path' | 'schema'>): string {
  return config.kind === 'sqlite' ? `the SQLite store '${resolve(config.path)}' (store.path)` : `the PostgreSQL store, schema '${config.schema}' (store.schema)`;
}

/**
 * A failure to open or migrate the store at start-up, naming the store and the reason: a SQLite file that is not a
 * database, is corrupt, read-only or a folder, or whose folder cannot be created (store.path); a PostgreSQL server
 * that does not answer (store.url, never the URL itself). A failure the store does not know keeps the driver's message
 * for SQLite (it names no secret), and for PostgreSQL the server's message and SQLSTATE (without the URL or its
 * password: config.url, when given, is cut out of it), so that `kontor start` never just says INTERNAL.
 */
export function storeOpenError(
  config: Pick<StoreConfig, 'kind' | 'path' | 'schema'> & { url?: string | undefined },
  thrown: unknown,
  doing: 'opening' | 'migrating' | 'reading the migration level of',
): ConnectorError {
  // The database layer may have translated the driver's error already, without knowing which setting it came from.
  const error = isConnectorError(thrown) && ['STORE_UNAVAILABLE', 'INTERNAL'].includes(thrown.code) && thrown.cause !== undefined ? thrown.cause : thrown;
  const where = storeWhere(config);
  // Whatever SQLite says of a folder (SQLITE_CANTOPEN opening it read-write, SQLITE_IOERR_READ at the first read of a
  // read-only opening), the reason is the folder, not the disk.
  if (config.kind === 'sqlite' && isFolder(config.path)) {
    return new ConnectorError('STORE_UNAVAILABLE', { detail: `${where} cannot be opened: it is a directory, not a SQLite database file`, cause: error });
  }
  const syscall = (error as { syscall?: unknown } | undefined)?.syscall;
  if (config.kind === 'sqlite' && (syscall === 'mkdir' || driverCode(error) === 'ENOTDIR')) {
    const detail = `${doing} ${where} failed: ${(error as Error).message} (its folder cannot be created)`;
    return new ConnectorError('STORE_UNAVAILABLE', { detail, cause: error, retryable: true, retryAfterSeconds: 30 });
  }
  if (config.kind === 'postgres' && storeFaultOf(error)?.fault === DOWN) return translateSqlError(error, 'the PostgreSQL server named in store.url');
  const translated = translateSqlError(error, where);
  if (translated.code !== 'INTERNAL' || translated.cause !== error) return translated;
  const reason = config.kind === 'sqlite' ? `: ${(error as Error)?.message ?? String(error)}${driverCode(error) ? ` (${driverCode(error)})` : ''}` : pgReason(error, config.url);
  return new ConnectorError('INTERNAL', { detail: `${doing} ${where} failed${reason}`, cause: error });
}

/**
 * Why PostgreSQL refused, for the start-up message: the server's message and its SQLSTATE (such as `invalid value for
 * parameter "statement_timeout": "abc"`, 22023), or the client's message. Never the URL or its password: should the
 * message repeat either, it is cut out.
 */
function pgReason(error: unknown, url: string | undefined): string {
  const message = error instanceof Error ? error.message : '';
  if (message === '') return '';
  const code = driverCode(error);
  const said = error instanceof pg.DatabaseError ? `the server said: ${message}${code ? ` (SQLSTATE ${code})` : ''}` : `${message}${code ? ` (${code})` : ''}`;
  return `: ${withoutSecrets(said, url)}`;
}

function withoutSecrets(text: string, url: string | undefined): string {
  if (url === undefined) return text;
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    // An unparsable URL: only the URL itself is cut out.
  }
  const secrets = [url, password, password === '' ? '' : encodeURIComponent(password)].filter((s) => s.length >= 3);
  return secrets.reduce((said, secret) => said.split(secret).join('[redacted]'), text);
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
