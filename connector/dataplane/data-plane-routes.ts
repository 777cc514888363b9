import express, { type Request, type Response, type Router } from 'express';
import { pipeline } from 'node:stream/promises';
import { ConnectorError, toIso } from '../../core/index.js';
import { parseJsonBody, readJsonBody } from '../http/parse-json-body.js';
import { refuseQueryParameters } from '../http/list-query.js';
import { checkFlow, checkPull } from './data-access.js';
import type { DataPlaneDeps } from './data-plane-deps.js';
import { tokenClaimsFor } from './data-token.js';
import { openDataSource } from './data-source.js';
import { consumerRequest } from './httpdata/consumer-request.js';
import { setProblemHeaders } from './problem-headers.js';
import type { Asset } from '../../catalog/index.js';
import type { TransferProcess } from '../transfer/index.js';

/**
 * The provider's public data-plane endpoints (mounted at `/api/data`):
 * - `POST /:transferId/token`, authenticated like a protocol request, issues a fresh token to the consumer;
 * - `GET /:transferId` with `Authorization: Bearer <token>` (or the raw token, as EDC clients send it) streams the asset
 *   (checked on every request); with the HttpData proxy* switches, a sub-path, query, other method and body as well
 *   (`POST /:transferId/token` stays the token refresh, so a passed-through POST cannot reach a sub-path `token`);
 *   HEAD answers as GET without the body; another method the asset does not take is 405 with `Allow`; a `Range` is
 *   served on a File asset (206/416) and forwarded to an HttpData backend, whose 206/416 is relayed.
 */
/** A token refresh's body: at most `{}`, as JSON. */
const TOKEN_BODY = parseJsonBody({ limit: 1024, type: () => true });

export function dataPlaneRouter(deps: DataPlaneDeps): Router {
  const router = express.Router();

  // Nothing to send but the caller's identity: a query parameter or a body other than `{}` (what consumers send)
  // would be ignored, so each is refused, the body after the caller is authenticated.
  router.post('/:transferId/token', refuseQueryParameters, async (req: Request, res: Response) => {
    const agent = await deps.auth.authenticate(req.get('authorization'));
    await readJsonBody(TOKEN_BODY, req, res);
    const fields = req.body !== null && typeof req.body === 'object' && !Array.isArray(req.body) ? Object.keys(req.body) : undefined;
    if (fields?.length !== 0)
      throw new ConnectorError('VALIDATION_FAILED', {
        detail: 'this route takes no fields (send no body, or {})',
        violations: (fields ?? ['']).map((name) => ({ pointer: `/${name}`, message: 'is not a field of a token refresh' })),
      });
    const t = await deps.transfers.findById(String(req.params.transferId));
    if (t?.role !== 'provider' || t.counterPartyId !== agent.id || t.transferType !== 'HttpData-PULL') {
      throw new ConnectorError('NOT_FOUND', { detail: 'no such transfer for this caller' });
    }
    // The contract policy judges the caller as verified now, not as it was when the transfer started.
    await checkFlow(deps, { ...t, agent });
    const issued = await deps.tokens.issue(tokenClaimsFor(t));
    res.set('cache-control', 'no-store').json({ token: issued.token, expiresAt: toIso(issued.expiresAt) });
  });
  // Every method and sub-path: what the asset's proxy* switches do not pass through is refused in backendRequest.
  router.all('/:transferId{/*rest}', async (req: Request, res: Response) => {
    // Registered before the check: a cut that commits after the check read the state still reaches this stream.
    const flow = deps.registry.track(String(req.params.transferId));
    let transfer: TransferProcess;
    let asset: Asset;
    try {
      ({ transfer, asset } = await checkPull(deps, String(req.params.transferId), req.get('authorization')));
    } catch (error) {
      flow.done();
      throw error;
    }
    if (flow.signal.aborted) {
      flow.done();
      throw new ConnectorError('FORBIDDEN', { detail: (flow.signal.reason as Error)?.message ?? 'the transfer no longer allows data to flow' });
    }
    try {
      const request = await consumerRequest(req, res);
      const source = await openDataSource(asset.dataAddress, {
        fileRoot: deps.fileRoot,
        sourceTimeoutMs: deps.sourceTimeoutMs,
        signal: flow.signal,
        backendAuth: deps.backendAuth,
        request,
      });
      res
        .status(source.status ?? 200)
        .type(source.contentType ?? asset.properties.mediaType ?? 'application/octet-stream')
        .set('cache-control', 'no-store');
      if (source.headers) res.set(source.headers);
      if (source.size !== undefined) res.set('content-length', String(source.size));
      if (req.method === 'HEAD') {
        // The GET's status and headers, no body: the file or backend stream is not read.
        source.stream.destroy();
        res.end();
        return;
      }
      await pipeline(source.stream, res, { signal: flow.signal });
    } catch (error) {
      if (!res.headersSent) {
        setProblemHeaders(res, error, asset.dataAddress);
        throw error;
      }
      deps.logger.info({ transferId: transfer.id, reason: flow.signal.aborted ? String(flow.signal.reason) : (error as Error).message }, 'data stream cut');
      res.destroy();
    } finally {
      flow.done();
    }
  });
  return router;
}
