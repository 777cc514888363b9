import { ConnectorError } from '../../core/index.js';
import { storeUrlOptions, storeUrlOptionsProblem } from '../config/store-url-options.js';

/** What `pg.Pool` is given for a store: the URL, and the server options every connection of the pool starts with. */
export interface PgPoolOptions {
  connectionString: string;
  options: string;
}

/**
 * The pool settings for `store.url` and `store.schema`. node-postgres lets an `options` parameter in the URL replace
 * the `options` given beside it, so a URL such as `…?options=-c%20statement_timeout%3D5000` would silently drop the
 * schema's `search_path`, and the store would work in `public` instead of `store.schema`. The URL's own options are
 * kept, in their order, and the `search_path` is set after them. Options that loadConfig refuses (a `search_path`,
 * which is `store.schema`'s to say, or what is no server setting: store-url-options.ts) throw CONFIG_INVALID naming
 * `store.url`, should a caller have skipped it.
 */
export function pgPoolOptions(url: string, schema: string): PgPoolOptions {
  const searchPath = `-c search_path=${schema}`;
  const problem = storeUrlOptionsProblem(url);
  if (problem) {
    throw new ConnectorError('CONFIG_INVALID', { detail: `store.url (KONTOR_STORE_URL) ${problem}`, violations: [{ pointer: 'store.url', message: problem }] });
  }
  const { base, options } = storeUrlOptions(url);
  if (options.length === 0) return { connectionString: url, options: searchPath };
  return { connectionString: base, options: [...options.map((o) => o.trim()).filter((o) => o !== ''), searchPath].join(' ') };
}
