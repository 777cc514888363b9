import type { Request, Response } from 'express';
import { expandBody } from './edc-expand.js';
import { refuseForeignKeys } from './edc-foreign-keys.js';
import { EdcNode } from './edc-node.js';
import { RESPONSE_CONTEXT } from './edc-vocabulary.js';

/** The request body as an expanded node reader; undefined when no body was sent (allowed for queries only). */
export async function readBody(req: Request, optional = false): Promise<EdcNode | undefined> {
  const body: unknown = req.body;
  const empty = body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0);
  if (empty && optional) return undefined;
  // A JSON `null` is a body, and not an object: refused, never read as none.
  const expanded = await expandBody(body === undefined ? {} : body);
  await refuseForeignKeys((body ?? {}) as Record<string, unknown>, expanded);
  return new EdcNode(expanded);
}

export async function requireBody(req: Request): Promise<EdcNode> {
  return (await readBody(req)) as EdcNode;
}

/**
 * A v3 JSON-LD answer: the object (or each object of a list) carries the response context, as EDC's do, and a
 * property with one value gives it without a list around it, as JSON-LD compaction (and so EDC) does.
 */
export function sendEdc(res: Response, body: Record<string, unknown> | Record<string, unknown>[], status = 200): void {
  const withContext = (o: Record<string, unknown>) => ({ '@context': RESPONSE_CONTEXT, ...(compactArrays(o) as Record<string, unknown>) });
  res.status(status).json(Array.isArray(body) ? body.map(withContext) : withContext(body));
}

/** `sendEdc` with Kontor's own `warnings` beside: plain JSON lists, kept as lists however many they hold. */
export function sendEdcWarned(res: Response, body: Record<string, unknown>, warned: { warnings?: readonly object[] }): void {
  res.status(200).json({ '@context': RESPONSE_CONTEXT, ...(compactArrays(body) as Record<string, unknown>), ...warned });
}

/** EDC's answer to a create: `IdResponse` with the new id and its creation time (epoch ms). */
export const idResponse = (id: string, createdAt: number) => ({ '@type': 'IdResponse', '@id': id, createdAt });

function compactArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 1 ? compactArrays(value[0]) : value.map(compactArrays);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === '@context' ? v : compactArrays(v)]));
}
