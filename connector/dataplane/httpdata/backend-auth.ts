import type { Clock } from '../../../core/index.js';
import type { HttpDataOptions } from './http-data-options.js';
import { oauth2Tokens } from './oauth2-tokens.js';
import { fileSecrets, type SecretResolver } from './secret-files.js';

/** How the provider's data plane authenticates to HttpData backends: secret references and OAuth2 tokens. */
export interface BackendAuth {
  headers(o: HttpDataOptions, signal: AbortSignal): Promise<Record<string, string>>;
}

export function backendAuth(deps: { secretsDir: string | undefined; clock: Clock; secrets?: SecretResolver }): BackendAuth {
  const secrets = deps.secrets ?? fileSecrets(deps.secretsDir);
  const tokens = oauth2Tokens({ secrets, clock: deps.clock });
  return {
    /** `header:<name>` values, then the credential: `authKey` with `authCode` or the secret `secretName` names, or an OAuth2 bearer token. */
    async headers(o, signal) {
      const out: Record<string, string> = { ...o.headers };
      if (o.auth) out[o.auth.header] = o.auth.value;
      if (o.authSecret) out[o.authSecret.header] = await secrets.resolve(o.authSecret.secretName);
      if (o.oauth2) out.Authorization = `Bearer ${await tokens.token(o.oauth2, signal)}`;
      return out;
    },
  };
}
