import { validationError } from '../../../core/index.js';
import { dspBaseUrlProblem } from '../routes/transfer-input-checks.js';
import type { EdcNode } from './edc-node.js';
import { DSP_PROTOCOLS } from './edc-vocabulary.js';

/**
 * `counterPartyAddress`, `counterPartyId` and `protocol` of a v3 request. The protocol must be DSP 2025-1, the one
 * Kontor speaks; the address is the peer's DSP base URL (no query, fragment or credentials: message paths are appended
 * to it) and the id its participant id (a DID in Kontor).
 */
export function counterParty(node: EdcNode, idField = 'counterPartyId'): { counterPartyAddress: string; counterPartyId?: string } {
  const counterPartyAddress = node.string('counterPartyAddress', true) as string;
  const addressProblem = dspBaseUrlProblem(counterPartyAddress);
  if (addressProblem) throw validationError([{ pointer: node.at('counterPartyAddress'), message: addressProblem }]);
  const counterPartyId = node.string(idField);
  const protocol = node.string('protocol', true) as string;
  if (!DSP_PROTOCOLS.includes(protocol))
    throw validationError([{ pointer: node.at('protocol'), message: `'${protocol}' is not supported (Kontor speaks ${DSP_PROTOCOLS.join(', ')})` }]);
  return { counterPartyAddress, ...(counterPartyId ? { counterPartyId } : {}) };
}
