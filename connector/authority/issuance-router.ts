import express, { type Router } from 'express';
import { ConnectorError, isConnectorError, type Clock, type Logger } from '../../core/index.js';
import { bearerToken, spendTokenId, verifySelfIssuedToken, type IdentityRuntime } from '../identity/index.js';
import { parseJsonBody } from '../http/parse-json-body.js';
import { markUnavailable } from '../http/unavailable-response.js';
import type { AuthorityService } from './authority-service.js';

/**
 * The authority's public side: `POST /api/issuance/credentials` issues a registered, active participant its
 * credentials after it proved control of its DID (a self-issued token addressed to the authority);
 * `GET /status/{listId}` publishes each signed status list (`revocation-1`, `revocation-2`, …). Refusals say nothing
 * about why; a store fault is a 503 with Retry-After (ask again later), never a 500.
 */
export function issuanceRouter(deps: { service: AuthorityService; runtime: IdentityRuntime; clock: Clock; logger: Logger }): Router {
  const router = express.Router();
  router.post('/api/issuance/credentials', ...parseJsonBody({ limit: 16 * 1024 }), async (req, res) => {
    try {
      const bearer = bearerToken(req.get('authorization'));
      if (!bearer) throw new ConnectorError('UNAUTHORIZED', { detail: 'no bearer token' });
      const token = await verifySelfIssuedToken(bearer, {
        audience: deps.runtime.did,
        resolver: deps.runtime.resolver,
        replayCache: deps.runtime.replayCache,
        clock: deps.clock,
        requireAccessToken: false,
      });
      if (!token.ok) throw new ConnectorError('UNAUTHORIZED', { detail: `token: ${token.reason}` });
      if (!(await deps.service.isActive(token.issuer))) throw new ConnectorError('UNAUTHORIZED', { detail: 'the caller is not an active participant' });
      const spent = await spendTokenId(deps.runtime.replayCache, token);
      if (spent) throw new ConnectorError('UNAUTHORIZED', { detail: `token: ${spent}` });
      checkIssuanceRequest(req.body, token.issuer);
      const credentials = await deps.service.issueTo(token.issuer);
      deps.logger.info({ participant: token.issuer, count: credentials.length }, 'credentials issued');
      res.json({ credentials });
    } catch (error) {
      const known = isConnectorError(error) && ['UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN'].includes(error.code);
      deps.logger.warn({ detail: isConnectorError(error) ? error.detail : (error as Error)?.message }, 'credential request refused');
      if (isConnectorError(error) && error.kind === 'unavailable') {
        markUnavailable(res, error, deps.logger, String(req.id ?? ''));
        res
          .status(503)
          .type('application/problem+json')
          .send(JSON.stringify({ type: 'about:blank', title: 'Service unavailable', status: 503, code: error.code }));
        return;
      }
      if (isConnectorError(error) && error.code === 'VALIDATION_FAILED') {
        res
          .status(400)
          .type('application/problem+json')
          .send(JSON.stringify({ type: 'about:blank', title: 'Bad request', status: 400, code: error.code, detail: error.detail }));
        return;
      }
      res
        .status(known ? 401 : 500)
        .type('application/problem+json')
        .send(JSON.stringify({ type: 'about:blank', title: known ? 'Unauthorized' : 'Internal error', status: known ? 401 : 500 }));
    }
  });
  router.get('/status/:listId', async (req, res) => {
    try {
      const list = await deps.service.statusList(String(req.params.listId));
      if (typeof list === 'string') res.type('application/vc+jwt').send(list);
      else res.json(list);
    } catch (error) {
      const notFound = isConnectorError(error) && error.code === 'NOT_FOUND';
      const unavailable = isConnectorError(error) && error.kind === 'unavailable';
      if (unavailable) markUnavailable(res, error, deps.logger, String(req.id ?? ''));
      res
        .status(notFound ? 404 : unavailable ? 503 : 500)
        .type('application/problem+json')
        .send(
          JSON.stringify({
            type: 'about:blank',
            title: notFound ? 'Not found' : unavailable ? 'Service unavailable' : 'Internal error',
            status: notFound ? 404 : unavailable ? 503 : 500,
          }),
        );
    }
  });
  return router;
}

/** The request names its holder, the caller itself (optional), and nothing else: an unknown field is refused, not ignored. */
function checkIssuanceRequest(body: unknown, caller: string): void {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ConnectorError('VALIDATION_FAILED', { detail: 'the request must be a JSON object: { holder }' });
  const unknown = Object.keys(body).filter((k) => k !== 'holder');
  if (unknown.length > 0) throw new ConnectorError('VALIDATION_FAILED', { detail: `unknown fields: ${unknown.join(', ')} (the request takes only holder)` });
  const { holder } = body as { holder?: unknown };
  if (holder !== undefined && holder !== caller) throw new ConnectorError('VALIDATION_FAILED', { detail: 'holder must be the DID the request is signed for' });
}
