import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { ConnectorError } from '../../core/index.js';
import { guardedLookup } from '../http/outbound/index.js';
import { authorizationHeader } from '../transfer/index.js';
import type { TransferProcess } from '../transfer/index.js';
import { checkFlow } from './data-access.js';
import { PushInterrupted } from './data-flow-registry.js';
import type { DataPlaneDeps } from './data-plane-deps.js';
import { openDataSource, type DataSource } from './data-source.js';
import { PushStallGuard } from './push-stall-guard.js';
import { pushHeaders } from './push-headers.js';

/**
 * Push: streams the asset to the consumer's destination (HTTP POST with the consumer's credential for it), with
 * back-pressure end to end. 5xx, network failures and a destination that takes no data for `timeoutMs`
 * (dataPlane.pushTimeoutMs: it stopped reading, or never connected) or does not answer within `timeoutMs` of the
 * body's end are retryable; 4xx is final; a cut flow is final; a push interrupted by a stop is retryable. The answer's body is discarded unread. The source is
 * closed on every way out. Every push names its transfer and carries an Idempotency-Key, the same on a repeat (push-headers.ts).
 */
export async function pushAsset(deps: DataPlaneDeps, t: TransferProcess, timeoutMs = deps.pushTimeoutMs): Promise<void> {
  const { asset } = await checkFlow(deps, t);
  const endpoint = t.dataDestination?.endpoint;
  if (!t.dataDestination || !endpoint || !/^https?:\/\//.test(endpoint)) throw new ConnectorError('VALIDATION_FAILED', { detail: 'the push destination has no http(s) endpoint' });
  const policy = deps.outbound;
  policy.checkUrl(endpoint); // the consumer names it: https, no credentials, no denied address (checked again at connect)
  const flow = deps.registry.track(t.id, 'push');
  let source: DataSource | undefined;
  let guard: PushStallGuard | undefined;
  try {
    source = await openDataSource(asset.dataAddress, { fileRoot: deps.fileRoot, sourceTimeoutMs: deps.sourceTimeoutMs, signal: flow.signal, backendAuth: deps.backendAuth });
    const authorization = authorizationHeader(t.dataDestination);
    const headers: Record<string, string> = {
      'content-type': source.contentType ?? asset.properties.mediaType ?? 'application/octet-stream',
      ...(authorization ? { authorization } : {}),
      ...(source.size !== undefined ? { 'content-length': String(source.size) } : {}),
      ...pushHeaders(t),
    };
    const req = (endpoint.startsWith('https:') ? httpsRequest : httpRequest)(endpoint, { method: 'POST', headers, signal: flow.signal, lookup: guardedLookup(policy) });
    const answered = new Promise<IncomingMessage>((resolve, reject) => req.once('response', resolve).once('error', reject));
    answered.catch(() => undefined);
    guard = new PushStallGuard(timeoutMs, (reason) => req.destroy(reason));
    await pipeline(source.stream, guard, req);
    const res = await answered;
    guard.stop();
    res.resume();
    const status = res.statusCode ?? 0;
    if (status >= 500 || status === 429) throw new ConnectorError('PEER_UNAVAILABLE', { detail: `the push destination answered ${status}`, retryable: true });
    if (status < 200 || status >= 300) throw new ConnectorError('PEER_REJECTED', { detail: `the push destination answered ${status}` });
  } catch (error) {
    source?.stream.destroy(); // a failure before the pipeline (e.g. a header the request refused) would leave it open
    // Interrupted by a stop (push-shutdown.ts): the transfer still allows the push; it is made again later.
    if (flow.signal.reason instanceof PushInterrupted)
      throw new ConnectorError('NOT_READY', { detail: `the push was interrupted: ${flow.signal.reason.message}`, retryable: true, cause: flow.signal.reason });
    if (flow.signal.aborted) throw new ConnectorError('FORBIDDEN', { detail: `the push was cut: ${String(flow.signal.reason)}` });
    if (error instanceof ConnectorError) throw error;
    throw new ConnectorError('PEER_UNAVAILABLE', { detail: `pushing to the destination failed: ${(error as Error).message}`, retryable: true });
  } finally {
    guard?.stop();
    flow.done();
  }
}
