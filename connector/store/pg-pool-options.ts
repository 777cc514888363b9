/** What `pg.Pool` is given for a store: the URL, and the server options every connection of the pool starts with. */
export interface PgPoolOptions {
  connectionString: string;
  options: string;
}

/**
 * The pool settings for `store.url` and `store.schema`. node-postgres lets an `options` parameter in the URL replace
 * the `options` given beside it, so a URL such as `…?options=-c%20statement_timeout%3D5000` would silently drop the
 * schema's `search_path`, and the store would work in `public` instead of `store.schema`. The URL's own options are
 * kept, in their order, and the `search_path` is set after them; a URL whose options set `search_path` itself is
 * refused, since that is `store.schema`'s to say. Throws an Error naming `store.url` then.
 */
export function pgPoolOptions(url: string, schema: string): PgPoolOptions {
  const searchPath = `-c search_path=${schema}`;
  const at = url.indexOf('?');
  if (at < 0) return { connectionString: url, options: searchPath };
  const hash = url.indexOf('#', at);
  const query = url.slice(at + 1, hash < 0 ? undefined : hash);
  const kept: string[] = [];
  const given: string[] = [];
  for (const part of query.split('&')) {
    if (part.split('=')[0] === 'options') given.push(new URLSearchParams(part).get('options') ?? '');
    else if (part !== '') kept.push(part);
  }
  if (given.length === 0) return { connectionString: url, options: searchPath };
  if (given.some((o) => /search_path/i.test(o)))
    throw new Error('store.url (KONTOR_STORE_URL) sets search_path in its options: the schema is store.schema (KONTOR_STORE_SCHEMA); remove it from the URL');
  const base = url.slice(0, at) + (kept.length > 0 ? `?${kept.join('&')}` : '') + (hash < 0 ? '' : url.slice(hash));
  return { connectionString: base, options: [...given.map((o) => o.trim()).filter((o) => o !== ''), searchPath].join(' ') };
}
