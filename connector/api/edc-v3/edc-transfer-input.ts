import { ConnectorError, validationError } from '../../../core/index.js';
import type { AgreementStore } from '../../negotiation/index.js';
import type { InitiateTransfer } from '../../transfer/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import { transferInputProblems } from '../routes/transfer-input-checks.js';
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

/** Where the fields of Kontor's TransferInput are in an EDC TransferRequest (for the schema's and the checks' errors). */
const EDC_POINTERS: [string, string][] = [
  ['/agreementId', '/contractId'],
  ['/dataDestination/endpoint', '/dataDestination/baseUrl'],
  ['/dataDestination/authorization', '/dataDestination/authCode'],
  ['/dataDestination/authType', '/dataDestination/authKey'],
];
const edcPointer = (pointer: string) => {
  const found = EDC_POINTERS.find(([kontor]) => pointer === kontor || pointer.startsWith(`${kontor}/`));
  return found ? found[1] + pointer.slice(found[0].length) : pointer;
};

/** The input checked as /api/v1/transfers checks it (TransferInput, then transferInputProblems), errors named as EDC names them. */
function checked(input: Record<string, unknown>, validator: RequestValidator): InitiateTransfer {
  let valid: InitiateTransfer;
  try {
    valid = validator.validate<InitiateTransfer>('TransferInput', input);
  } catch (error) {
    if (!(error instanceof ConnectorError) || error.violations.length === 0) throw error;
    throw validationError(error.violations.map((v) => ({ ...v, pointer: edcPointer(v.pointer) })));
  }
  const found = transferInputProblems(valid, { endpoint: '/dataDestination/baseUrl', authorization: '/dataDestination/authCode', authType: '/dataDestination/authKey' });
  if (found.length > 0) throw validationError(found);
  return valid;
}

/** An id in an error's text: at most 100 characters of it. */
const cut = (id: string) => (id.length > 100 ? `${id.slice(0, 100)}…` : id);

/**
 * EDC's TransferRequest as Kontor's transfer input (same schema and checks as /api/v1/transfers, run before the
 * agreement is read). `contractId` is the agreement; `connectorId`/`counterPartyId` and `assetId`, when given, must
 * be the agreement's provider and asset. Kontor assigns the transfer's id: an `@id` is refused, not ignored.
 */
export async function transferInput(node: EdcNode, deps: { validator: RequestValidator; agreements: AgreementStore }): Promise<InitiateTransfer> {
  node.expectType('TransferRequest', 'TransferRequestDto');
  if (node.raw['@id'] !== undefined)
    throw validationError([{ pointer: '/@id', message: "is assigned by Kontor: a TransferRequest cannot choose it (read the new transfer's id from the answer)" }]);
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
  const input = checked({ agreementId, transferType, counterPartyAddress, ...(dest ? { dataDestination: destination(dest) } : {}) }, deps.validator);
  const agreement = await deps.agreements.getById(agreementId);
  for (const [field, value] of [
    ['counterPartyId', counterPartyId],
    ['connectorId', connectorId],
  ] as const) {
    if (value !== undefined && value !== agreement.assigner)
      throw validationError([{ pointer: `/${field}`, message: `is not the provider of agreement '${cut(agreementId)}' (${agreement.assigner})` }]);
  }
  if (assetId !== undefined && assetId !== agreement.assetId)
    throw validationError([{ pointer: '/assetId', message: `agreement '${cut(agreementId)}' is for asset '${agreement.assetId}'` }]);
  return input;
}
