import type { Clock } from '../../../core/index.js';
import { ConnectorError } from '../../../core/index.js';
import type { HttpDataOptions } from './http-data-options.js';
import type { SecretResolver } from './secret-files.js';

type OAuth2 = NonNullable<HttpDataOptions['oauth2']>;
/** Renew this long before the token expires, so it does not expire on its way to the backend. */
const MARGIN_MS = 30_000;
const MAX_ENTRIES = 500;
const BODY_LIMIT = 64 * 1024;

/**
 * OAuth2 client credentials for HttpData backends: a token is fetched from `oauth2:tokenUrl` with the client id
 * and the secret `oauth2:clientSecretKey` names, and cached until shortly before its `expires_in` (a token with
 * no lifetime is not cached). Failures tell the consumer only that the backend's token could not be had.
 */
export function oauth2Tokens(deps: { secrets: SecretResolver; clock: Clock }): { token(o: OAuth2, signal: AbortSignal): Promise<string> } {
  const cache = new Map<string, { token: string; until: number }>();
  const refused = (why: string) => new ConnectorError('PEER_UNAVAILABLE', { detail: `the data source's token endpoint ${why}`, retryable: true });
  return {
    async token(o, signal) {
      const key = JSON.stringify([o.tokenUrl, o.clientId, o.clientSecretKey, o.scope ?? '']);
      const hit = cache.get(key);
      if (hit && hit.until > deps.clock.now()) return hit.token;
      const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: o.clientId, client_secret: await deps.secrets.resolve(o.clientSecretKey) });
      if (o.scope) form.set('scope', o.scope);
      let res: Response;
      try {
        res = await fetch(o.tokenUrl, { method: 'POST', body: form, redirect: 'error', signal, headers: { accept: 'application/json' } });
      } catch {
        throw refused('cannot be reached');
      }
      if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw refused(`answered ${res.status}`);
      }
      const text = await boundedText(res);
      const body = text === undefined ? undefined : (safeJson(text) as { access_token?: unknown; expires_in?: unknown } | undefined);
      const token = body?.access_token;
      if (typeof token !== 'string' || !/^[\x21-\x7e]{1,8192}$/.test(token)) throw refused('gave no usable access_token');
      const lifetime = Number(body?.expires_in);
      if (Number.isFinite(lifetime) && lifetime * 1000 > MARGIN_MS) {
        if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
        cache.set(key, { token, until: deps.clock.now() + lifetime * 1000 - MARGIN_MS });
      }
      return token;
    },
  };
}

/** The answer's text, or undefined once it grows past BODY_LIMIT (read no further). */
async function boundedText(res: Response): Promise<string | undefined> {
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > BODY_LIMIT) {
      await res.body.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
