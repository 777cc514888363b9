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
  /** The route takes a JSON body. */
  body?: boolean;
}

/** `/a/{id}` → `/a/:id` (express 5 / path-to-regexp 8 syntax). */
export function toExpressPath(path: string): string {
  return path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}
