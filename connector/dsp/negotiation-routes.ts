import express, { type Request, type Response, type Router } from 'express';
import { ConnectorError } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { toConnectorError } from '../http/error-middleware.js';
import { dspBodyReader } from './dsp-body.js';
import { errorPids, type PathRole } from './error-pids.js';
import { checkMessageNamesProcess } from './message-names-process.js';
import { negotiationRouteFallback } from './negotiation-route-fallback.js';
import { sendDspError } from './send-dsp-error.js';
import type { ContractNegotiation } from '../negotiation/index.js';
import { consumerNegotiationProtocol } from '../negotiation/index.js';
import type { NegotiationDeps } from '../negotiation/index.js';
import { negotiationMessages } from '../negotiation/index.js';
import { receiveTermination } from '../negotiation/index.js';
import { wireState } from '../negotiation/index.js';
import { providerNegotiationProtocol } from '../negotiation/index.js';

/**
 * The negotiation as the peer sees it. A consumer record that has not yet learnt the provider's id answers with the id
 * the incoming message named (the provider's own); only a GET, which names none, is left with a placeholder.
 */
const ack = (n: ContractNegotiation, namedProviderPid?: string) =>
  negotiationMessages.ack({ providerPid: n.providerPid ?? namedProviderPid ?? 'urn:kontor:pending', consumerPid: n.consumerPid, state: wireState(n) });

/** The negotiation endpoints of both roles under the DSP base path (DSP 2025-1, contract negotiation HTTPS binding, provider and consumer paths). */
export function negotiationDspRouter(deps: NegotiationDeps, bodyLimitBytes: number): Router {
  const provider = providerNegotiationProtocol(deps);
  const consumer = consumerNegotiationProtocol(deps);
  const router = express.Router();
  const readBody = dspBodyReader(bodyLimitBytes);

  /**
   * Authenticates the caller, finds the negotiation it may see, reads the body, then (404 when there is none) runs the
   * handler. An error names the pids of that negotiation, else of the path as far as `pathRole` or the message tells.
   */
  const withNegotiation =
    (pathRole: PathRole, handler: (n: ContractNegotiation, agent: ParticipantAgent, req: Request) => Promise<ContractNegotiation | undefined>, status = 200) =>
    async (req: Request, res: Response) => {
      let body: Record<string, unknown> = {};
      let seen: ContractNegotiation | undefined;
      try {
        const agent = await deps.auth.authenticate(req.get('authorization'));
        const found = await deps.store.findById(String(req.params.pid));
        seen = found?.counterPartyId === agent.id ? found : undefined;
        body = await readBody(req, res);
        const n = seen;
        if (!n) throw new ConnectorError('NOT_FOUND', { detail: 'no such negotiation for this caller' });
        if (req.method === 'POST') checkMessageNamesProcess('negotiation', n, req.body);
        const result = await handler(n, agent, req);
        res.status(status).json(ack(result ?? n, stringOr(body.providerPid)));
      } catch (error) {
        sendDspError(res, 'negotiation', error, errorPids(seen, req.params.pid, pathRole, body), deps.logger);
      }
    };
  const byRole = (
    pathRole: PathRole,
    p: (n: ContractNegotiation, a: ParticipantAgent, r: Request) => Promise<ContractNegotiation>,
    c: (n: ContractNegotiation, a: ParticipantAgent, r: Request) => Promise<ContractNegotiation>,
  ) => withNegotiation(pathRole, (n, a, r) => (n.role === 'provider' ? p(n, a, r) : c(n, a, r)));
  const wrongRole = async (): Promise<never> => {
    throw new ConnectorError('INVALID_TRANSITION', { detail: 'this message is not for this role' });
  };

  router.post('/negotiations/request', async (req, res) => {
    let body: Record<string, unknown> = {};
    try {
      const agent = await deps.auth.authenticate(req.get('authorization'));
      body = await readBody(req, res);
      // A copy of the request that made a process is answered with that process: 200, not 201 Created.
      let existed = false;
      const n = await provider.initialRequest(agent, body, () => (existed = true));
      res.status(existed ? 200 : 201).json(ack(n));
    } catch (error) {
      sendDspError(res, 'negotiation', error, { consumerPid: stringOr(body.consumerPid) }, deps.logger);
    }
  });
  // The consumer endpoint of a negotiation the provider starts (DSP 2025-1): Kontor takes no part in one (docs/tck.md).
  router.post('/negotiations/offers', async (req, res) => {
    let body: Record<string, unknown> = {};
    try {
      await deps.auth.authenticate(req.get('authorization'));
      body = await readBody(req, res);
      throw new ConnectorError('VALIDATION_FAILED', {
        detail: 'provider-initiated negotiation is not supported: send a ContractRequestMessage to the provider (POST /negotiations/request)',
      });
    } catch (error) {
      sendDspError(res, 'negotiation', error, { providerPid: stringOr(body.providerPid), consumerPid: stringOr(body.consumerPid) }, deps.logger);
    }
  });
  router.get(
    '/negotiations/:pid',
    withNegotiation('either', async (n) => n),
  );
  router.post(
    '/negotiations/:pid/request',
    byRole('provider', (n, a, r) => provider.counterRequest(n, a, r.body), wrongRole),
  );
  router.post(
    '/negotiations/:pid/events',
    byRole(
      'either',
      (n, a, r) => provider.accepted(n, a, r.body),
      (n, _a, r) => consumer.finalized(n, r.body),
    ),
  );
  router.post(
    '/negotiations/:pid/agreement/verification',
    byRole('provider', (n, _a, r) => provider.verified(n, r.body), wrongRole),
  );
  router.post(
    '/negotiations/:pid/termination',
    withNegotiation('either', (n, _a, r) => receiveTermination(deps, n, r.body)),
  );
  router.post(
    '/negotiations/:pid/offers',
    byRole('consumer', wrongRole, (n, _a, r) => consumer.offer(n, r.body)),
  );
  router.post(
    '/negotiations/:pid/agreement',
    byRole('consumer', wrongRole, (n, _a, r) => consumer.agreement(n, r.body)),
  );
  router.use('/negotiations', negotiationRouteFallback(deps.logger));
  // An error before any route ran (e.g. a path that does not decode): no process and no role is known.
  router.use((error: unknown, _req: Request, res: Response, _next: unknown) => {
    sendDspError(res, 'negotiation', toConnectorError(error), {}, deps.logger);
  });
  return router;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length < 500 ? value : undefined;
}
