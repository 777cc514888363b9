/** The management API as the console calls it: same origin, the API key from session storage on every call. */
const KEY = 'kontor.apiKey';

export interface Problem {
  title?: string;
  detail?: string;
  code?: string;
  status?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  signIn: (key: string): void => sessionStorage.setItem(KEY, key),
  signOut: (): void => sessionStorage.removeItem(KEY),
};

/** Called when the key is refused (401): the shell signs out and shows the sign-in form. */
let onUnauthorized: () => void = () => undefined;
export const whenUnauthorized = (f: () => void): void => {
  onUnauthorized = f;
};

export async function api<T>(path: string, options: { method?: string; body?: unknown; key?: string } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-api-key': options.key ?? session.key() ?? '' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, { method: options.method ?? 'GET', headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await res.text();
  const parsed = text ? (JSON.parse(text) as unknown) : {};
  if (!res.ok) {
    if (res.status === 401 && options.key === undefined) onUnauthorized();
    throw new ApiError(res.status, parsed as Problem);
  }
  return parsed as T;
}

export const post = <T>(path: string, body?: unknown): Promise<T> => api<T>(path, { method: 'POST', ...(body !== undefined ? { body } : {}) });
export const enc = encodeURIComponent;
