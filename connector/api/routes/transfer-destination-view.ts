import { REDACTED, redactDataAddress } from './data-address-redaction.js';

/**
 * A push destination's endpoint as the management APIs show it: each query value redacted as an asset's `baseUrl`
 * is (signed URLs and `?key=` carry secrets there), and the password of a `user:password@` too (refused since at
 * creation, but a transfer stored before may carry one).
 */
export function shownDestination(endpoint: string): string {
  return redactPassword(redactDataAddress({ type: 'HttpData', baseUrl: endpoint }).baseUrl as string);
}

/** `https://u:pw@h/p` → `https://u:<redacted>@h/p`; the authority ends at the first `/`, `?` or `#`, its userinfo at its last `@`. */
function redactPassword(url: string): string {
  const start = url.indexOf('://');
  if (start < 0) return url;
  const rest = url.slice(start + 3);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const at = authority.lastIndexOf('@');
  const colon = authority.indexOf(':');
  if (at < 0 || colon < 0 || colon > at) return url;
  return `${url.slice(0, start + 3)}${authority.slice(0, colon)}:${REDACTED}${rest.slice(at)}`;
}
