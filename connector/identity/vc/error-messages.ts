/**
 * Flatten what @digitalbazaar/vc and jsonld-signatures report (nested `errors` arrays, `cause`s,
 * jsonld `details`) into short messages for the log.
 */
export function errorMessages(error: unknown, depth = 0): string[] {
  if (error === undefined || error === null || depth > 4) return [];
  if (typeof error !== 'object') return [String(error)];
  const e = error as { message?: unknown; errors?: unknown; cause?: unknown; details?: { cause?: unknown } };
  if (Array.isArray(e.errors) && e.errors.length > 0) return e.errors.flatMap((inner) => errorMessages(inner, depth + 1));
  const own = typeof e.message === 'string' ? [e.message] : [];
  const cause = errorMessages(e.cause ?? e.details?.cause, depth + 1);
  return cause.length > 0 ? [`${own[0] ?? 'error'}: ${cause.join('; ')}`] : own;
}
