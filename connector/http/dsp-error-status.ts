import { ERROR_CODES, type ErrorCode } from '../../core/index.js';
import { STATUS_BY_KIND } from './problem-status.js';

/** The DSP protocols whose error bodies Kontor renders. */
export type DspProtocol = 'catalog' | 'negotiation' | 'transfer';

/**
 * The one table of HTTP statuses for DSP errors, from the error's kind (as the management API) with the DSP's own
 * rules on top: in contract negotiation and transfer process, a caller that cannot be verified gets 404 like an
 * unknown process (nothing is revealed: DSP 2025-1, contract negotiation and transfer process HTTPS bindings, the error
 * sections, https://eclipse-dataspace-protocol-base.github.io/DataspaceProtocol/2025-1/); the catalog, which has no process to hide,
 * answers 401. A caller that is verified but may not act (suspended, the policy denies) gets 403 everywhere. An
 * invalid state transition is 400 (the DSP's rule), where the management API says 409.
 */
const DSP_OVERRIDES: Partial<Record<ErrorCode, Partial<Record<DspProtocol, number>>>> = {
  UNAUTHORIZED: { negotiation: 404, transfer: 404 },
  // The management API answers a forbidden state change with 409; DSP calls it an invalid transition: 400.
  INVALID_TRANSITION: { negotiation: 400, transfer: 400, catalog: 400 },
};

export function dspStatus(code: ErrorCode, protocol: DspProtocol): number {
  return DSP_OVERRIDES[code]?.[protocol] ?? STATUS_BY_KIND[ERROR_CODES[code].kind];
}
