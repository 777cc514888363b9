import type { RouteDef } from '../../connector/http/route-def.js';

/**
 * What a management listener's OpenAPI document must say about the routes it serves (createManagementApp frames every
 * route the same way: the connector's and the authority's). Each check answers the operations it finds wanting, as
 * `METHOD /path …`, so that a test expects an empty list.
 */
type Parameter = { $ref?: string; in?: string; name?: string };
type DocResponse = { $ref?: string; headers?: Record<string, unknown> };
type Operation = { requestBody?: unknown; parameters?: Parameter[]; responses: Record<string, DocResponse>; security?: unknown[] };
export interface ApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { responses?: Record<string, DocResponse>; parameters?: Record<string, Parameter> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const name = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`;

function operation(doc: ApiDocument, r: RouteDef): Operation | undefined {
  return doc.paths[r.path]?.[r.method];
}

/** A parameter or response as written, its `$ref` (one level, `#/components/<kind>/<name>`) followed. */
function resolved<T extends { $ref?: string }>(doc: ApiDocument, value: T): T {
  if (!value.$ref) return value;
  const [, , kind, key] = value.$ref.split('/');
  return ((doc.components as Record<string, Record<string, T> | undefined>)[kind ?? '']?.[key ?? ''] ?? {}) as T;
}

function headerParameters(doc: ApiDocument, r: RouteDef): string[] {
  const item = doc.paths[r.path] as { parameters?: Parameter[] } | undefined;
  return [...(item?.parameters ?? []), ...(operation(doc, r)?.parameters ?? [])]
    .map((p) => resolved(doc, p))
    .filter((p) => p.in === 'header')
    .map((p) => p.name ?? '');
}

/** Served and not documented, and documented and not served. */
export function undocumentedOrUnserved(doc: ApiDocument, routes: readonly RouteDef[]): string[] {
  const served = routes.map(name);
  const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((m) => METHODS.includes(m))
      .map((method) => name({ method, path })),
  );
  return [...served.filter((s) => !documented.includes(s)).map((s) => `${s} not documented`), ...documented.filter((d) => !served.includes(d)).map((d) => `${d} not served`)];
}

/** A request body documented exactly where a route takes one (the others refuse any). */
export function bodyMismatches(doc: ApiDocument, routes: readonly RouteDef[]): string[] {
  return routes.filter((r) => (operation(doc, r)?.requestBody !== undefined) !== (r.body === true)).map(name);
}

/**
 * The precondition headers documented exactly where a route honours them: those its RouteDef lists, and on a GET
 * `If-None-Match` too (express answers 304 when it matches the answer's ETag; precondition-headers.ts refuses the others).
 */
export function preconditionMismatches(doc: ApiDocument, routes: readonly RouteDef[]): string[] {
  const honoured = (r: RouteDef) => [...new Set([...(r.preconditions ?? []), ...(r.method === 'get' ? ['If-None-Match'] : [])])].sort();
  const documented = (r: RouteDef) =>
    headerParameters(doc, r)
      .filter((h) => h.startsWith('If-'))
      .sort();
  return routes.filter((r) => documented(r).join() !== honoured(r).join()).map((r) => `${name(r)} documents [${documented(r)}], honours [${honoured(r)}]`);
}

/**
 * The statuses the framing gives: 400 everywhere (a body, or a query parameter the route does not read: INVALID_QUERY),
 * 413 and 415 wherever a body is taken, 401 wherever the API key is needed, and on a GET a 304 (If-None-Match) and the
 * ETag of its 200 that If-None-Match is compared with.
 */
export function missingStatuses(doc: ApiDocument, routes: readonly RouteDef[]): string[] {
  return routes.flatMap((r) => {
    const responses = operation(doc, r)?.responses ?? {};
    const wanted = ['400', ...(r.body ? ['413', '415'] : []), ...(r.public ? [] : ['401']), ...(r.method === 'get' ? ['304'] : [])];
    const missing = wanted.filter((s) => !(s in responses)).map((s) => `${name(r)} ${s}`);
    const ok = responses['200'];
    if (r.method === 'get' && ok && !resolved(doc, ok).headers?.ETag) missing.push(`${name(r)} 200 ETag`);
    return missing;
  });
}

/** Every 201 documents its `Location` (the routes set one), and every 503 its `Retry-After`. */
export function missingHeaders(doc: ApiDocument): string[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .flatMap(([method, op]) => {
        const headers = (status: string) => (op.responses[status] ? (resolved(doc, op.responses[status]).headers ?? {}) : undefined);
        return [
          ...(headers('201') && !headers('201')?.Location ? [`${name({ method, path })} 201 Location`] : []),
          ...(headers('503') && !headers('503')?.['Retry-After'] ? [`${name({ method, path })} 503 Retry-After`] : []),
        ];
      }),
  );
}
