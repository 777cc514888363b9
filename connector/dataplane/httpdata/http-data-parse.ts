import { validationError, type Violation, pointer } from '../../../core/index.js';
import { headerNameProblem, headerValueProblem, SECRET_NAME } from './header-rules.js';
import { HEADER_PREFIX, HTTP_DATA_OPTIONS, PROXY_SWITCHES, type HttpDataOptions } from './http-data-options.js';

const URL_LIMIT = 2048;

/**
 * An `HttpData` data address as the options the data plane honours, every problem at once (VALIDATION_FAILED,
 * each violation naming its option under `base`). Checked when an asset is created or replaced, on /api/v1 and
 * /management/v3 alike, and again when data flows. An option not listed in HTTP_DATA_OPTIONS is refused. An address
 * without `baseUrl` may be stored (an asset only offered, not yet served); the data plane refuses to serve it.
 */
export function parseHttpData(address: Record<string, unknown>, base = '/dataAddress'): HttpDataOptions {
  const bad: Violation[] = [];
  const at = (name: string) => pointer(base, name);
  const fail = (name: string, message: string) => void bad.push({ pointer: at(name), message });
  const text = (name: string, pattern = /^[\x20-\x7e]{1,4096}$/): string | undefined => {
    const v = address[name];
    if (v === undefined) return undefined;
    if (typeof v === 'string' && pattern.test(v)) return v;
    fail(name, 'must be a non-empty string of printable characters, bounded');
    return undefined;
  };
  const headers: Record<string, string> = {};
  for (const key of Object.keys(address)) {
    if (key.startsWith(HEADER_PREFIX)) {
      const name = key.slice(HEADER_PREFIX.length);
      const problem = headerNameProblem(name) ?? headerValueProblem(address[key]);
      if (problem) fail(key, problem);
      else headers[name] = address[key] as string;
    } else if (!(HTTP_DATA_OPTIONS as readonly string[]).includes(key)) {
      fail(key, `is not an HttpData option Kontor honours (honoured: ${HTTP_DATA_OPTIONS.join(', ')}, header:<name>)`);
    }
  }
  const baseUrl = address.baseUrl === undefined ? undefined : httpUrl(address.baseUrl);
  if (address.baseUrl !== undefined && !baseUrl) fail('baseUrl', `must be an absolute http(s) URL of at most ${URL_LIMIT} characters`);
  text('name', /^[^\0]{1,500}$/);
  const switches = Object.fromEntries(PROXY_SWITCHES.map((s) => [s, flag(address[s], () => fail(s, 'must be true or false (a boolean or the string "true"/"false")'))])) as Record<
    (typeof PROXY_SWITCHES)[number],
    boolean
  >;
  if (switches.proxyBody && !switches.proxyMethod) fail('proxyBody', "needs proxyMethod: a request body goes with the consumer's method, never with GET");

  const auth = authOptions(text, fail);
  /** The property the client gave that sets the auth header: Kontor's `authorization` or EDC's `authKey`. */
  const authName = address.authorization !== undefined ? 'authorization' : 'authKey';
  const tokenUrl = address['oauth2:tokenUrl'] === undefined ? undefined : httpUrl(address['oauth2:tokenUrl']);
  if (address['oauth2:tokenUrl'] !== undefined && !tokenUrl) fail('oauth2:tokenUrl', 'must be an absolute http(s) URL');
  const clientId = text('oauth2:clientId');
  const clientSecretKey = text('oauth2:clientSecretKey', SECRET_NAME);
  const scope = text('oauth2:scope', /^[\x21\x23-\x5b\x5d-\x7e ]{1,1000}$/);
  const anyOauth = ['oauth2:tokenUrl', 'oauth2:clientId', 'oauth2:clientSecretKey', 'oauth2:scope'].some((k) => address[k] !== undefined);
  if (anyOauth) {
    for (const k of ['oauth2:tokenUrl', 'oauth2:clientId', 'oauth2:clientSecretKey'])
      if (address[k] === undefined) fail(k, 'is required with the other oauth2: options (client credentials)');
    if (auth.auth?.header.toLowerCase() === 'authorization' || auth.authSecret?.header.toLowerCase() === 'authorization')
      fail(authName, 'clashes with oauth2: both would set Authorization');
  }
  for (const name of Object.keys(headers)) {
    const clash = [auth.auth?.header, auth.authSecret?.header].some((h) => h?.toLowerCase() === name.toLowerCase());
    if (clash) fail(HEADER_PREFIX + name, `clashes with ${authName}, which sets the same header`);
  }
  if (bad.length > 0) throw validationError(bad);
  return {
    ...(baseUrl ? { baseUrl } : {}),
    ...auth,
    headers,
    ...switches,
    ...(anyOauth ? { oauth2: { tokenUrl: (tokenUrl as URL).href, clientId: clientId as string, clientSecretKey: clientSecretKey as string, ...(scope ? { scope } : {}) } } : {}),
  };
}

type Text = (name: string, pattern?: RegExp) => string | undefined;

/** `authorization` (Kontor), or `authKey` with exactly one of `authCode` and `secretName` (EDC). */
function authOptions(text: Text, fail: (name: string, message: string) => void): Pick<HttpDataOptions, 'auth' | 'authSecret'> {
  const authorization = text('authorization');
  const authKey = text('authKey', /^.{1,100}$/);
  const authCode = text('authCode');
  const secretName = text('secretName', SECRET_NAME);
  const keyProblem = authKey === undefined ? undefined : authKey.toLowerCase() === 'authorization' ? undefined : headerNameProblem(authKey);
  if (keyProblem) fail('authKey', keyProblem);
  if ((authCode !== undefined || secretName !== undefined) && authKey === undefined)
    fail(authCode !== undefined ? 'authCode' : 'secretName', 'needs authKey, the header it is sent in');
  if (authKey !== undefined && (authCode === undefined) === (secretName === undefined)) fail('authKey', 'needs exactly one of authCode and secretName');
  if (authorization !== undefined && authKey !== undefined) fail('authorization', 'clashes with authKey: give the backend credential once');
  if (authorization !== undefined) return { auth: { header: 'Authorization', value: authorization } };
  if (authKey === undefined || keyProblem) return {};
  if (authCode !== undefined) return { auth: { header: authKey, value: authCode } };
  return secretName !== undefined ? { authSecret: { header: authKey, secretName } } : {};
}

function httpUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string' || value.length > URL_LIMIT || !/^https?:\/\//i.test(value)) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** EDC writes switches as strings; booleans are accepted too. Absent is false. */
function flag(value: unknown, invalid: () => void): boolean {
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  invalid();
  return false;
}
