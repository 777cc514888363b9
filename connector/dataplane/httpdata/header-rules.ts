/** An HTTP header name (RFC 9110 token), bounded. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/**
 * Headers an HttpData address may not set: hop-by-hop and framing headers belong to the connection, `Host` to the
 * base URL, and `Authorization` to `authKey`/`authCode`, `secretName` or OAuth2 (one place each, so none clash).
 */
const RESERVED = new Set([
  'host',
  'authorization',
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'content-length',
  'expect',
]);

/** Why `name` cannot be an extra header of an HttpData address, or undefined when it can. */
export function headerNameProblem(name: string): string | undefined {
  if (!TOKEN.test(name)) return 'is not a valid HTTP header name';
  if (RESERVED.has(name.toLowerCase())) return `'${name}' is a hop-by-hop, framing, Host or Authorization header, which an HttpData address may not set`;
  return undefined;
}

/** A header value: visible ASCII and spaces, bounded (no CR/LF, so no header injection); the rule lives in connector/http. */
export { headerValueProblem } from '../../http/header-value.js';

/** A secret reference: a plain file name inside the configured secrets directory (no path, no dot files). */
export const SECRET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
