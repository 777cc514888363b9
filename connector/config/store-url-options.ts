/** A PostgreSQL store.url split: the URL without its `options` parameters, and what each of those said (decoded). */
export interface StoreUrlOptions {
  base: string;
  options: readonly string[];
}

/**
 * Splits the `options` parameters off a PostgreSQL URL (node-postgres lets one replace the `options` given beside the
 * URL, pg-pool-options.ts); the other parameters are kept in their order, as written.
 */
export function storeUrlOptions(url: string): StoreUrlOptions {
  const at = url.indexOf('?');
  if (at < 0) return { base: url, options: [] };
  const hash = url.indexOf('#', at);
  const kept: string[] = [];
  const options: string[] = [];
  for (const part of url.slice(at + 1, hash < 0 ? undefined : hash).split('&')) {
    if (part.split('=')[0] === 'options') options.push(new URLSearchParams(part).get('options') ?? '');
    else if (part !== '') kept.push(part);
  }
  if (options.length === 0) return { base: url, options };
  return { base: url.slice(0, at) + (kept.length > 0 ? `?${kept.join('&')}` : '') + (hash < 0 ? '' : url.slice(hash)), options };
}

/** The server settings whose value is a duration, checked here: a wrong one would fail every connection at start. */
const DURATIONS = new Set(['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'idle_session_timeout', 'transaction_timeout']);
const DURATION = /^\d+(\.\d+)?\s*(us|ms|s|min|h|d)?$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * What is wrong with the `options` of a PostgreSQL store.url, or undefined: each must be server settings, `-c name=value`
 * (or `--name=value`), as PostgreSQL reads them (split at spaces, `\` escaping the next character); a search_path is
 * store.schema's to say; a timeout must be a duration. Another setting the server does not take (an unknown name, a
 * value of the wrong kind) is known only to the server: `kontor start` reports it with the server's message. The
 * problem reads after the setting's name (`store.url …`) and quotes the options, never the rest of the URL (its password).
 */
export function storeUrlOptionsProblem(url: string): string | undefined {
  for (const option of storeUrlOptions(url).options) {
    const words = serverWords(option);
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      const setting = word === '-c' ? words[++i] : word.startsWith('--') ? word.slice(2) : word.startsWith('-c') ? word.slice(2) : undefined;
      if (setting === undefined)
        return word === '-c'
          ? 'ends its options parameter with -c and no setting: give -c name=value'
          : `has '${word}' in its options parameter, which is not a server setting: give each as -c name=value`;
      const eq = setting.indexOf('=');
      const name = (eq < 0 ? setting : setting.slice(0, eq)).toLowerCase().replaceAll('-', '_');
      if (eq < 0 || !NAME.test(name)) return `has '${setting}' in its options parameter, which is not a server setting: give each as -c name=value`;
      if (name === 'search_path') return 'sets search_path in its options: the schema is store.schema (KONTOR_STORE_SCHEMA); remove it from the URL';
      const value = setting.slice(eq + 1);
      if (DURATIONS.has(name) && !DURATION.test(value))
        return `sets ${name}=${value} in its options parameter, which is not a duration: give milliseconds or a number with a unit (5000, 5s, 1min)`;
    }
  }
  return undefined;
}

/** The words of an options string as PostgreSQL splits them: at white space, a backslash taking the next character as it is. */
function serverWords(options: string): string[] {
  const words: string[] = [];
  let word = '';
  let escaped = false;
  for (const ch of options) {
    if (escaped) {
      word += ch;
      escaped = false;
    } else if (ch === '\\') escaped = true;
    else if (/\s/.test(ch)) {
      if (word !== '') words.push(word);
      word = '';
    } else word += ch;
  }
  if (word !== '') words.push(word);
  return words;
}
