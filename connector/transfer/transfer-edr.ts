import { ConnectorError } from '../../core/index.js';
import { dspRequest } from '../peer/dsp-http-client.js';
import { tokenExpiry } from './data-address.js';
import type { TransferDeps } from './transfer-deps.js';
import type { EndpointDataReference } from './transfer-process.js';
import { updateTransfer } from './transfer-updater.js';

/** Refresh a token this long before it expires, so the caller never receives one about to lapse. */
const REFRESH_MARGIN_MS = 30_000;

/**
 * Consumer side: the endpoint data reference of a started pull transfer. An expired (or nearly expired) token is
 * exchanged first at the provider's refresh endpoint, authenticated like any protocol request (docs/decisions/0007).
 */
export function transferEdr(deps: TransferDeps) {
  return async function edr(id: string): Promise<EndpointDataReference> {
    const t = await deps.store.getById(id);
    if (t.role !== 'consumer' || t.transferType !== 'HttpData-PULL')
      throw new ConnectorError('VALIDATION_FAILED', { detail: `transfer '${id}' is not a pull transfer we consume` });
    if (t.state !== 'STARTED' || !t.edr) throw new ConnectorError('INVALID_TRANSITION', { detail: `transfer '${id}' is ${t.state}: no data address to use` });
    const current = t.edr;
    if (current.expiresAt === undefined || current.expiresAt - deps.clock.now() > REFRESH_MARGIN_MS || !current.refreshEndpoint) return current;
    const { body } = await dspRequest(deps.outbound, 'POST', current.refreshEndpoint, await deps.auth.tokenFor(t.counterPartyId), {});
    const token = (body as { token?: unknown } | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0) throw new ConnectorError('PEER_REJECTED', { detail: 'the provider answered the token refresh without a token' });
    const expiresAt = tokenExpiry(token);
    const fresh: EndpointDataReference = { ...current, token, ...(expiresAt ? { expiresAt } : {}) };
    const { before, after } = await updateTransfer(deps.store, id, (cur) => ({ ...cur, edr: fresh }));
    deps.onChanged?.(before, after);
    return fresh;
  };
}
