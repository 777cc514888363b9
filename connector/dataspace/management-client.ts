import { ConnectorError } from '../../core/index.js';
import { clipText } from '../http/clip-text.js';
import { fetchFailure } from '../http/fetch-failure.js';

export interface ManagementClient {
  readonly baseUrl: string;
  get<T>(path: string): Promise<T>;
  /** POSTs; `created` is false when the resource already existed (409 ALREADY_EXISTS), so a second run changes nothing. */
  post(path: string, body?: unknown): Promise<{ created: boolean; body: unknown }>;
  /** The HTTP status of an unauthenticated GET, or undefined when nothing answers. */
  probe(path: string): Promise<number | undefined>;
}

/** A small client of a Kontor management API (connector or authority), with the API key. */
export function managementClient(baseUrl: string, apiKey: string): ManagementClient {
  const base = baseUrl.replace(/\/+$/, '');
  const call = async (method: string, path: string, body?: unknown) => {
    let status: number;
    let text: string;
    try {
      const res = await fetch(`${base}${path}`, {
        method,
        redirect: 'error',
        signal: AbortSignal.timeout(30_000),
        headers: { 'x-api-key': apiKey, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      status = res.status;
      text = await res.text();
    } catch (error) {
      throw new ConnectorError('PEER_UNAVAILABLE', { detail: `${method} ${base}${path}: ${fetchFailure(error)}`, cause: error });
    }
    try {
      return { status, body: (text ? JSON.parse(text) : undefined) as unknown };
    } catch {
      throw new ConnectorError('PEER_REJECTED', { detail: `${method} ${base}${path} answered ${status} with a body that is not JSON: ${clipText(text, 200)}` });
    }
  };
  const fail = (method: string, path: string, r: { status: number; body: unknown }) =>
    new ConnectorError('PEER_REJECTED', { detail: `${method} ${base}${path} answered ${r.status}: ${JSON.stringify(r.body)}` });
  return {
    baseUrl: base,
    async get<T>(path: string) {
      const r = await call('GET', path);
      if (r.status >= 300) throw fail('GET', path, r);
      return r.body as T;
    },
    async post(path, body) {
      const r = await call('POST', path, body);
      if (r.status === 409 && (r.body as { code?: string } | undefined)?.code === 'ALREADY_EXISTS') return { created: false, body: r.body };
      if (r.status >= 300) throw fail('POST', path, r);
      return { created: true, body: r.body };
    },
    probe: (path) =>
      fetch(`${base}${path}`, { signal: AbortSignal.timeout(5000) }).then(
        (r) => r.status,
        () => undefined,
      ),
  };
}
