import express, { type Router } from 'express';
import { ConnectorError, isConnectorError, type Clock, type Logger } from '../../core/index.js';
import { bearerToken, spendTokenId, verifySelfIssuedToken, type IdentityRuntime } from '../identity/index.js';
import { markUnavailable } from '../http/unavailable-response.js';
import type { AuthorityStore } from './authority-store.js';

const PAGE = 500;

/**
 * `GET /api/directory`: the active participants' DIDs, for crawlers of the federated catalog. Public in the sense
 * that no API key is needed, but only callers that prove control of a DID (a self-issued token addressed to the
 * authority) and are themselves active participants get an answer. Endpoints are not listed: each participant's
 * DID document names its DSP endpoint, and the participant controls that. A store fault is a 503 with Retry-After.
 */
export function directoryRouter(deps: { store: AuthorityStore; runtime: IdentityRuntime; clock: Clock; logger: Logger }): Router {
  const router = express.Router();
  router.get('/api/directory', async (req, res) => {
    const unknown = Object.keys(req.query);
    if (unknown.length > 0) {
      // The directory takes no parameters (it lists every active participant): one given is refused, not ignored.
      const detail = unknown.map((name) => `?${name}: unknown parameter (this route takes no query parameters)`).join('; ');
      res
        .status(400)
        .type('application/problem+json')
        .send(JSON.stringify({ type: 'about:blank', title: 'A query parameter is invalid', status: 400, code: 'INVALID_QUERY', detail }));
      return;
    }
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
      const caller = await deps.store.findParticipant(token.issuer);
      if (caller?.status !== 'active') throw new ConnectorError('UNAUTHORIZED', { detail: 'the caller is not an active participant' });
      const spent = await spendTokenId(deps.runtime.replayCache, token);
      if (spent) throw new ConnectorError('UNAUTHORIZED', { detail: `token: ${spent}` });
      const participants: { did: string; legalName: string }[] = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await deps.store.listParticipants({ offset, limit: PAGE, status: 'active' });
        participants.push(...page.items.map((p) => ({ did: p.did, legalName: p.legalName })));
        if (page.items.length < PAGE) break;
      }
      res.json({ participants });
    } catch (error) {
      const known = isConnectorError(error) && error.code === 'UNAUTHORIZED';
      deps.logger.warn({ detail: isConnectorError(error) ? error.detail : (error as Error)?.message }, 'directory request refused');
      if (isConnectorError(error) && error.kind === 'unavailable') {
        // A store fault is temporary: ask again later (Retry-After), as issuance answers it, never a 500.
        markUnavailable(res, error, deps.logger, String(req.id ?? ''));
        res
          .status(503)
          .type('application/problem+json')
          .send(JSON.stringify({ type: 'about:blank', title: 'Service unavailable', status: 503, code: error.code }));
        return;
      }
      res
        .status(known ? 401 : 500)
        .type('application/problem+json')
        .send(JSON.stringify({ type: 'about:blank', title: known ? 'Unauthorized' : 'Internal error', status: known ? 401 : 500 }));
    }
  });
  return router;
}
