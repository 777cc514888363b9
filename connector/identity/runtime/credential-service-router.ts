import express, { type Router } from 'express';
import { ConnectorError, type Clock, type Logger } from '../../../core/index.js';
import { parseJsonBody } from '../../http/parse-json-body.js';
import { markUnavailable } from '../../http/unavailable-response.js';
import { bearerToken } from '../token/bearer-token.js';
import { spendTokenId } from '../token/spend-token-id.js';
import { verifySelfIssuedToken } from '../token/verify-self-issued-token.js';
import { decodeJwt } from 'jose';
import { credentialJwtOf } from '../vc/jwt/jwt-credential.js';
import { jwtSignerOf } from '../vc/jwt/jwt-signer.js';
import { signJwtPresentation } from '../vc/jwt/sign-jwt-presentation.js';
import { presentationChallenge, signPresentation } from '../vc/sign-presentation.js';
import type { AccessTokens } from './access-tokens.js';
import { credentialTypeOfScope, DEFAULT_SCOPE_ALIASES } from './credential-scope.js';
import { DCP_CONTEXT } from './fetch-presentation.js';
import type { HeldCredentialStore } from './held-credentials.js';
import type { IdentityRuntime } from './identity-runtime.js';

/**
 * The holder's credential service (DCP presentation query): a verifier presents its self-issued token carrying
 * the access token we gave it; we answer with a presentation of the requested credential types, bound to that
 * access token (challenge) and to the verifier (domain); credentials held as JWTs go into JWT presentations addressed
 * to the verifier (`aud`). Only the types the access token discloses are presented: a requested type beyond them is
 * left out, as DCP v1.0.1 requires (a 2xx with fewer presentations, not an error), so a verifier reads no credential
 * its holder did not grant. Any failure is a 401 without detail, but a store fault: 503
 * with Retry-After (the verifier should ask again, not conclude that we refused).
 */
export function credentialServiceRouter(deps: {
  runtime: IdentityRuntime;
  accessTokens: AccessTokens;
  wallet: HeldCredentialStore;
  clock: Clock;
  logger: Logger;
  scopeAliases?: readonly string[];
}): Router {
  const aliases = deps.scopeAliases ?? DEFAULT_SCOPE_ALIASES;
  const router = express.Router();
  router.post('/presentations/query', ...parseJsonBody({ limit: 64 * 1024 }), async (req, res) => {
    try {
      const bearer = bearerToken(req.get('authorization'));
      if (!bearer) throw new ConnectorError('UNAUTHORIZED', { detail: 'no bearer token' });
      const token = await verifySelfIssuedToken(bearer, { audience: deps.runtime.did, resolver: deps.runtime.resolver, replayCache: deps.runtime.replayCache, clock: deps.clock });
      if (!token.ok) throw new ConnectorError('UNAUTHORIZED', { detail: `token: ${token.reason}` });
      const accessToken = token.accessToken ?? '';
      const grant = await deps.accessTokens.grant(accessToken);
      if (grant.verifier !== token.issuer) throw new ConnectorError('UNAUTHORIZED', { detail: 'the access token was issued to someone else' });
      const spent = await spendTokenId(deps.runtime.replayCache, token);
      if (spent) throw new ConnectorError('UNAUTHORIZED', { detail: `token: ${spent}` });
      checkQueryMessage(req.body);
      const { scope: scopes, presentationDefinition } = req.body as { scope?: unknown; presentationDefinition?: unknown };
      if (presentationDefinition !== undefined) {
        if (scopes !== undefined) throw new ConnectorError('VALIDATION_FAILED', { detail: 'give scope or presentationDefinition, not both' });
        // DCP §5.4.1.2: a credential service that does not support presentation definitions answers 501.
        deps.logger.warn({ caller: token.issuer }, 'presentation query with a presentationDefinition: not implemented, ask with scope');
        res.status(501).json({ '@context': [DCP_CONTEXT], type: 'ErrorResponse', error: 'not_implemented' });
        return;
      }
      if (!Array.isArray(scopes) || scopes.length === 0 || scopes.length > 20)
        throw new ConnectorError('VALIDATION_FAILED', { detail: 'scope must list 1 to 20 credential types' });
      const requested = scopes.map((s) => credentialTypeOfScope(s, aliases) ?? failScope(s, aliases));
      // DCP: scopes the access token does not grant are left out (a 2xx with fewer presentations), not an error.
      const types = requested.filter((t) => grant.credentialTypes.includes(t));
      const withheld = requested.filter((t) => !types.includes(t));
      if (withheld.length > 0) deps.logger.info({ caller: token.issuer, withheld }, 'presentation query for credential types the access token does not disclose: left out');
      const held = (await deps.wallet.list()).filter((c) => c.validUntil > deps.clock.now() && c.types.some((t) => types.includes(t)));
      const jwts = held.map((c) => credentialJwtOf(c.credential)).filter((j): j is string => j !== undefined);
      const dataIntegrity = held.map((c) => c.credential).filter((c) => credentialJwtOf(c) === undefined);
      const presentation: unknown[] = [];
      if (dataIntegrity.length > 0 || jwts.length === 0) {
        presentation.push(
          await signPresentation({
            holder: deps.runtime.signer(),
            credentials: dataIntegrity,
            challenge: presentationChallenge(accessToken),
            domain: token.issuer,
            documentLoader: deps.runtime.documentLoader,
            clock: deps.clock,
          }),
        );
      }
      // One JWT presentation per data model (the DCP homogeneity rule).
      for (const group of [jwts.filter((j) => decodeJwt(j).vc !== undefined), jwts.filter((j) => decodeJwt(j).vc === undefined)]) {
        if (group.length > 0)
          presentation.push(await signJwtPresentation({ holder: jwtSignerOf(deps.runtime.signer()), credentials: group, audience: token.issuer, clock: deps.clock }));
      }
      res.json({ '@context': [DCP_CONTEXT], type: 'PresentationResponseMessage', presentation });
    } catch (error) {
      const detail = error instanceof ConnectorError ? error.detail : (error as Error)?.message;
      deps.logger.warn({ detail }, 'presentation query refused');
      if (error instanceof ConnectorError && error.code === 'STORE_UNAVAILABLE') {
        markUnavailable(res, error, deps.logger, String(req.id ?? ''));
        res.status(503).json({ '@context': [DCP_CONTEXT], type: 'ErrorResponse', error: 'temporarily_unavailable' });
        return;
      }
      const status = error instanceof ConnectorError && error.kind === 'bad_request' ? 400 : 401;
      res.status(status).json({ '@context': [DCP_CONTEXT], type: 'ErrorResponse', error: status === 400 ? 'invalid_request' : 'unauthorized' });
    }
  });
  return router;
}

function failScope(scope: unknown, aliases: readonly string[]): never {
  throw new ConnectorError('VALIDATION_FAILED', { detail: `scope ${JSON.stringify(scope)} is not <alias>:<CredentialType>[:read] with an alias of ${aliases.join(', ')}` });
}

const QUERY_FIELDS = ['@context', 'type', 'scope', 'presentationDefinition'];

/** A DCP PresentationQueryMessage: its own fields only, `@context` with the DCP context and `type` right when given. */
function checkQueryMessage(body: unknown): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ConnectorError('VALIDATION_FAILED', { detail: 'the query must be a JSON object' });
  const unknown = Object.keys(body).filter((k) => !QUERY_FIELDS.includes(k));
  if (unknown.length > 0) throw new ConnectorError('VALIDATION_FAILED', { detail: `unknown fields of a PresentationQueryMessage: ${unknown.join(', ')}` });
  const { '@context': context, type } = body as { '@context'?: unknown; type?: unknown };
  if (context !== undefined && !(Array.isArray(context) && context.includes(DCP_CONTEXT)))
    throw new ConnectorError('VALIDATION_FAILED', { detail: `@context must be a list holding ${DCP_CONTEXT}` });
  if (type !== undefined && type !== 'PresentationQueryMessage') throw new ConnectorError('VALIDATION_FAILED', { detail: 'type must be PresentationQueryMessage' });
}
