/**
 * The site's transfer id in its training endpoint (`…/api/training/{transferId}`): what a deletion receipt names so the
 * site counts it for that session only. Undefined when the endpoint is not a URL with a last path segment.
 */
export function siteTransferOf(endpoint: string): string | undefined {
  const last = URL.canParse(endpoint) ? new URL(endpoint).pathname.split('/').pop() : undefined;
  return last ? decodeURIComponent(last) : undefined;
}
