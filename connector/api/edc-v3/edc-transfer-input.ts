import { validationError } from '../../../core/index.js';
import type { AgreementStore } from '../../negotiation/index.js';
import type { InitiateTransfer } from '../../transfer/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import { counterParty } from './edc-counter-party.js';
import type { EdcNode } from './edc-node.js';
import { refuseCallbacks } from './edc-callbacks.js';

/** EDC's HttpData destination (`baseUrl`, optional `authKey: Authorization` + `authCode`) as Kontor's push destination. */
function destination(node: EdcNode): InitiateTransfer['dataDestination'] {
  node.expectType('DataAddress');
  const type = node.string('type', true);
  if (type !== 'HttpData') throw validationError([{ pointer: node.at('type'), message: `'${type}' is not supported: Kontor pushes to HttpData destinations` }]);
  const endpoint = node.string('baseUrl', true) as string;
  const authKey = node.string('authKey');
  const authCode = node.string('authCode');
  node.finish();
  if (authKey === undefined && authCode === undefined) return { endpoint };
  if (authKey?.toLowerCase() !== 'authorization' || authCode === undefined)
    throw validationError([{ pointer: node.at('authKey'), message: 'only authKey "Authorization" with an authCode is supported' }]);
  // EDC sends authCode as the whole header value: Kontor's non-bearer authType does the same.
  return { endpoint, authorization: authCode, authType: 'raw' };
}

/**
 * EDC's TransferRequest as Kontor's transfer input (same schema as /api/v1/transfers). `contractId` is the
 * agreement; `connectorId`/`counterPartyId` and `assetId`, when given, must be the agreement's provider and asset.
 */
export async function transferInput(node: EdcNode, deps: { validator: RequestValidator; agreements: AgreementStore }): Promise<InitiateTransfer> {
  node.expectType('TransferRequest', 'TransferRequestDto');
  const { counterPartyAddress, counterPartyId } = counterParty(node);
  const connectorId = node.string('connectorId');
  const agreementId = node.string('contractId', true) as string;
  const transferType = node.string('transferType', true);
  const assetId = node.string('assetId');
  const dest = node.node('dataDestination');
  const priv = node.node('privateProperties');
  if (priv && Object.keys(priv.raw).length > 0) throw validationError([{ pointer: '/privateProperties', message: 'is not supported on transfers' }]);
  refuseCallbacks(node);
  node.finish();
  // EDC clients often send a destination (e.g. `HttpProxy`) on a pull: Kontor would not use it, so it is refused.
  if (dest && transferType !== 'HttpData-PUSH')
    throw validationError([{ pointer: node.at('dataDestination'), message: `is only for HttpData-PUSH transfers: a ${transferType} transfer would not use it` }]);
  const agreement = await deps.agreements.getById(agreementId);
  for (const [field, value] of [
    ['counterPartyId', counterPartyId],
    ['connectorId', connectorId],
  ] as const) {
    if (value !== undefined && value !== agreement.assigner)
      throw validationError([{ pointer: `/${field}`, message: `is not the provider of agreement '${agreementId}' (${agreement.assigner})` }]);
  }
  if (assetId !== undefined && assetId !== agreement.assetId)
    throw validationError([{ pointer: '/assetId', message: `agreement '${agreementId}' is for asset '${agreement.assetId}'` }]);
  const input = { agreementId, transferType, counterPartyAddress, ...(dest ? { dataDestination: destination(dest) } : {}) };
  return deps.validator.validate<InitiateTransfer>('TransferInput', input);
}
