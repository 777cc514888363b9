/** The HttpData source options Kontor's data plane honours, validated (see http-data-parse.ts). */
export interface HttpDataOptions {
  /** Absent only on an asset that is offered but cannot be served yet. */
  baseUrl?: URL;
  /** A header name and its value, from `authKey` with `authCode`, or Kontor's `authorization`. */
  auth?: { header: string; value: string };
  /** `authKey` whose value is the secret named `secretName` (resolved per request, never stored). */
  authSecret?: { header: string; secretName: string };
  oauth2?: { tokenUrl: string; clientId: string; clientSecretKey: string; scope?: string };
  /** `header:<name>` options, names as written. */
  headers: Record<string, string>;
  proxyPath: boolean;
  proxyQueryParams: boolean;
  proxyMethod: boolean;
  proxyBody: boolean;
}

export const PROXY_SWITCHES = ['proxyPath', 'proxyQueryParams', 'proxyMethod', 'proxyBody'] as const;
export const OAUTH2_OPTIONS = ['oauth2:tokenUrl', 'oauth2:clientId', 'oauth2:clientSecretKey', 'oauth2:scope'] as const;
/** Every option name an HttpData address may carry, besides `header:<name>`. */
export const HTTP_DATA_OPTIONS = ['type', 'baseUrl', 'name', 'authorization', 'authKey', 'authCode', 'secretName', ...OAUTH2_OPTIONS, ...PROXY_SWITCHES] as const;
export const HEADER_PREFIX = 'header:';
