/**
 * Why `value` cannot be an HTTP header value, or undefined when it can: visible ASCII, spaces and tabs, at most 4096
 * characters (no CR/LF, so no header injection). One rule for every value that becomes a header: an HttpData
 * address's extra headers, and the credentials of a peer's DataAddress.
 */
export function headerValueProblem(value: unknown): string | undefined {
  return typeof value === 'string' && /^[\x20-\x7e\t]{0,4096}$/.test(value) ? undefined : 'must be a string of at most 4096 printable characters';
}
