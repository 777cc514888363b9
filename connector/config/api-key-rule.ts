/** The fewest distinct characters a production API key has: any random key has far more (48 hex digits: 16). */
export const PRODUCTION_KEY_DISTINCT = 10;

/**
 * What is wrong with the management API key (the connector's and the authority's), or undefined: at least 16
 * characters, no whitespace or control character, and with NODE_ENV=production at least 10 distinct characters, so
 * that `aaaaaaaaaaaaaaaa` or `1234123412341234` is refused where the API may be reached by others. A development
 * environment keeps the length rule alone (tests and examples use short readable keys).
 */
export function apiKeyProblem(apiKey: string, environment: string): string | undefined {
  if (apiKey.length < 16) return 'must be at least 16 characters';
  if (/[\s\p{Cc}]/u.test(apiKey)) return 'must not contain spaces, other whitespace or control characters';
  const distinct = new Set(apiKey).size;
  if (environment === 'production' && distinct < PRODUCTION_KEY_DISTINCT)
    return `is too weak for NODE_ENV=production: it has ${distinct} distinct character${distinct === 1 ? '' : 's'}, at least ${PRODUCTION_KEY_DISTINCT} are needed; generate one with \`openssl rand -hex 24\``;
  return undefined;
}
