/**
 * Why a fetch got no answer, for a person: undici says only "fetch failed" and keeps the reason in its cause (a refused
 * connection with its address, an unknown host, a certificate it does not trust); a timeout says so. Any other error
 * is its own message.
 */
export function fetchFailure(error: unknown): string {
  const { name, message, cause } = (error ?? {}) as { name?: unknown; message?: unknown; cause?: unknown };
  if (name === 'TimeoutError') return 'no answer in time (timeout)';
  if (message === 'fetch failed' && cause !== undefined && cause !== null) {
    const { code, message: said } = cause as { code?: unknown; message?: unknown };
    const known = typeof code === 'string' ? code : undefined;
    if (typeof said === 'string' && said !== '') return known !== undefined && !said.includes(known) ? `${known}: ${said}` : said;
    if (known !== undefined) return known;
  }
  return typeof message === 'string' && message !== '' ? message : String(error);
}
