import type { RequestHandler } from 'express';

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/**
 * One management route. `path` is written as in the OpenAPI document (`/api/v1/assets/{id}`), so a test can
 * check that the document describes exactly the routes the listener serves.
 */
export interface RouteDef {
  method: HttpMethod;
  path: string;
  handler: RequestHandler;
  /** Served without an API key (health, the API document and its reference page). */
  public?: boolean;
  /** The route takes a JSON body. Without it the route takes none: a request that sends one is refused (VALIDATION_FAILED), never ignored. */
  body?: boolean;
  /**
   * The handler reads and checks its own query parameters (parseListQuery, or a list of its own) and refuses those it
   * does not know. Without it the route takes none: any is refused (INVALID_QUERY, naming it), never ignored.
   */
  query?: boolean;
  /** The body may come as `application/ld+json` too (the EDC v3 layer); without it only `application/json` is read (415 else). */
  jsonLd?: boolean;
  /**
   * Most object members plus array items the body may hold (all levels together), for a route whose legitimate
   * bodies hold more than MAX_JSON_MEMBERS (json-input.ts); without it that cap applies. More is a VALIDATION_FAILED.
   */
  maxJsonMembers?: number;
  /**
   * The precondition headers the handler reads and honours. Any other (If-Match, If-None-Match on a route other than
   * a GET, If-Unmodified-Since) is refused (VALIDATION_FAILED, naming it), never ignored.
   */
  preconditions?: readonly PreconditionHeader[];
}

export type PreconditionHeader = 'If-Match' | 'If-None-Match';

/** `/a/{id}` → `/a/:id` (express 5 / path-to-regexp 8 syntax). */
export function toExpressPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}
