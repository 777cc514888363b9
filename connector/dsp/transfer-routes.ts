import express, { type Request, type Response, type Router } from 'express';
import { ConnectorError } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { toConnectorError } from '../http/error-middleware.js';
import { dspBodyReader } from './dsp-body.js';
import { errorPids } from './error-pids.js';
import { checkMessageNamesProcess } from './message-names-process.js';
import { sendDspError } from './send-dsp-error.js';
import { transferRouteFallback } from './transfer-route-fallback.js';
import { consumerTransferProtocol } from '../transfer/index.js';
import { providerTransferProtocol } from '../transfer/index.js';
import type { TransferDeps } from '../transfer/index.js';
import { transferInbound } from '../transfer/index.js';
import { transferMessages } from '../transfer/index.js';
import type { TransferProcess } from '../transfer/index.js';
import { wireState } from '../transfer/index.js';

/**
 * The transfer as the peer sees it. A consumer record that has not yet learnt the provider's id answers with the id
 * the incoming message named (the provider's own); only a GET, which names none, is left with a placeholder.
 */
const ack = (t: TransferProcess, namedProviderPid?: string) =>
  transferMessages.ack({ providerPid: t.providerPid ?? namedProviderPid ?? 'urn:kontor:pending', consumerPid: t.consumerPid, state: wireState(t) });
type Handler = (t: TransferProcess, agent: ParticipantAgent, req: Request) => Promise<TransferProcess>;

/** The transfer endpoints of both roles under the DSP base path (DSP 2025-1, transfer process HTTPS binding, provider and consumer paths, plus the consumer GET). */
export function transferDspRouter(deps: TransferDeps, bodyLimitBytes: number): Router {
  const provider = providerTransferProtocol(deps);
  const consumer = consumerTransferProtocol(deps);
  const inbound = transferInbound(deps);
  const router = express.Router();
  const readBody = dspBodyReader(bodyLimitBytes);

  /**
   * Authenticates the caller, finds the transfer it may see, reads the body, then (404 when there is none) runs the
   * handler. Every transfer path serves both roles: an error names the pids of that transfer, else of the path as far as
   * the message tells.
   */
  const withTransfer = (handler: Handler) => async (req: Request, res: Response) => {
    let body: Record<string, unknown> = {};
    let seen: TransferProcess | undefined;
    try {
      const agent = await deps.auth.authenticate(req.get('authorization'));
      const found = await deps.store.findById(String(req.params.pid));
      seen = found?.counterPartyId === agent.id ? found : undefined;
      body = await readBody(req, res);
      const t = seen;
      if (!t) throw new ConnectorError('NOT_FOUND', { detail: 'no such transfer for this caller' });
      if (req.method === 'POST') checkMessageNamesProcess('transfer', t, req.body);
      res.status(200).json(ack(await handler(t, agent, req), stringOr(body.providerPid)));
    } catch (error) {
      sendDspError(res, 'transfer', error, errorPids(seen, req.params.pid, 'either', body), deps.logger);
    }
  };

  router.post('/transfers/request', async (req, res) => {
    let body: Record<string, unknown> = {};
    try {
      const agent = await deps.auth.authenticate(req.get('authorization'));
      body = await readBody(req, res);
      // A copy of the request that made a process is answered with that process: 200, not 201 Created.
      let existed = false;
      const t = await provider.request(agent, body, () => (existed = true));
      res.status(existed ? 200 : 201).json(ack(t));
    } catch (error) {
      sendDspError(res, 'transfer', error, { consumerPid: stringOr(body.consumerPid) }, deps.logger);
    }
  });
  router.get(
    '/transfers/:pid',
    withTransfer(async (t) => t),
  );
  router.post(
    '/transfers/:pid/start',
    withTransfer((t, a, r) => (t.role === 'provider' ? provider.start(t, a, r.body) : consumer.start(t, r.body))),
  );
  router.post(
    '/transfers/:pid/suspension',
    withTransfer((t, _a, r) => inbound.suspension(t, r.body)),
  );
  router.post(
    '/transfers/:pid/completion',
    withTransfer((t, _a, r) => inbound.completion(t, r.body)),
  );
  router.post(
    '/transfers/:pid/termination',
    withTransfer((t, _a, r) => inbound.termination(t, r.body)),
  );
  router.use('/transfers', transferRouteFallback(deps.logger));
  // An error before any route ran (e.g. a path that does not decode): no process and no role is known.
  router.use((error: unknown, _req: Request, res: Response, _next: unknown) => {
    sendDspError(res, 'transfer', toConnectorError(error), {}, deps.logger);
  });
  return router;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length < 500 ? value : undefined;
}
