import type { Asset } from '../../catalog/index.js';
import { ConnectorError } from '../../core/index.js';
import { bearerToken } from '../identity/index.js';
import type { TransferProcess } from '../transfer/index.js';
import { isFlowing, mayStream } from '../transfer/index.js';
import type { DataPlaneDeps } from './data-plane-deps.js';

/**
 * Everything checked before a byte flows, on every request: the transfer is ours, flowing (not suspended,
 * terminated or completed), its agreement still active and its contract policy (scope `transfer`) still allowing
 * it now, for the consumer as verified at request time and the declared purpose. Returns the asset to serve.
 */
export async function checkFlow(deps: DataPlaneDeps, t: TransferProcess | undefined, allowed = isFlowing): Promise<{ transfer: TransferProcess; asset: Asset }> {
  if (t?.role !== 'provider') throw new ConnectorError('UNAUTHORIZED', { detail: 'unknown transfer' });
  if (!allowed(t)) throw new ConnectorError('FORBIDDEN', { detail: `the transfer is ${t.state}` });
  await deps.policy.check({
    agreementId: t.agreementId,
    agent: t.agent ?? { id: t.counterPartyId, claims: { credentialTypes: [] } },
    purpose: t.purpose,
    useNumber: t.useNumber,
    transferType: t.transferType,
  });
  const asset = await deps.findAsset(t.assetId);
  if (!asset) throw new ConnectorError('NOT_FOUND', { detail: `asset '${t.assetId}' no longer exists` });
  return { transfer: t, asset };
}

/**
 * A pull request: the data token must be valid, for this transfer, its agreement and its consumer, and of the
 * transfer's current token epoch (issued since the provider last resumed it from a suspension of its own; a transfer
 * the provider is STARTING is served too: see mayStream). It is accepted
 * as `Authorization: Bearer <token>` and, as EDC clients send the EDR's `authorization`, as the raw header value.
 */
export async function checkPull(deps: DataPlaneDeps, transferId: string, authorization: string | undefined): Promise<{ transfer: TransferProcess; asset: Asset }> {
  const token = bearerToken(authorization, { bareAllowed: true });
  if (!token) throw new ConnectorError('UNAUTHORIZED', { detail: 'a data token is required (Authorization: Bearer <token>, or the token alone)' });
  const claims = await deps.tokens.verify(token, transferId);
  const t = await deps.transfers.findById(transferId);
  if (t?.transferType !== 'HttpData-PULL' || claims.audience !== t.counterPartyId || claims.agreementId !== t.agreementId) {
    throw new ConnectorError('UNAUTHORIZED', { detail: 'the token is not for this transfer' });
  }
  if (claims.epoch !== (t.tokenEpoch ?? 0)) {
    throw new ConnectorError('UNAUTHORIZED', { detail: 'the token was issued before the transfer was last suspended: get a fresh one at the refresh endpoint' });
  }
  return checkFlow(deps, t, mayStream);
}
