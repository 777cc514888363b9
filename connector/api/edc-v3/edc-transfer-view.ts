import type { TransferProcess } from '../../transfer/index.js';
import { shownDestination } from '../routes/transfer-destination-view.js';

/**
 * A transfer as EDC's `TransferProcess` (Kontor's states carry EDC's names; `contractId` is the agreement id; the
 * destination's query values are redacted, as /api/v1 shows them).
 */
export function transferToEdc(t: TransferProcess): Record<string, unknown> {
  const destination = t.dataDestination?.endpoint ? { '@type': 'DataAddress', type: 'HttpData', baseUrl: shownDestination(t.dataDestination.endpoint) } : undefined;
  const correlationId = t.role === 'consumer' ? t.providerPid : t.consumerPid;
  return {
    '@id': t.id,
    '@type': 'TransferProcess',
    type: t.role === 'consumer' ? 'CONSUMER' : 'PROVIDER',
    protocol: 'dataspace-protocol-http:2025-1',
    state: t.state,
    stateTimestamp: t.stateTimestamp,
    assetId: t.assetId,
    contractId: t.agreementId,
    transferType: t.transferType,
    counterPartyId: t.counterPartyId,
    counterPartyAddress: t.counterPartyAddress,
    callbackAddresses: [],
    ...(correlationId ? { correlationId } : {}),
    ...(destination ? { dataDestination: destination } : {}),
    ...((t.errorDetail ?? t.terminationReason) ? { errorDetail: t.errorDetail ?? t.terminationReason } : {}),
    createdAt: t.createdAt,
  };
}
