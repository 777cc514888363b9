import { ConnectorError, type ConnectorErrorOptions, type ErrorCode } from '../../core/index.js';

/**
 * An error whose DSP error body (ContractNegotiationError / TransferError) carries a stable machine-readable `code` of
 * Kontor's (`kontor:…`) instead of the HTTP status, so that a peer can act on it without reading the prose `reason`.
 * Only the DSP renderer reads `dspCode`; the management API and the data plane answer it like any ConnectorError.
 */
export class DspCodedError extends ConnectorError {
  constructor(
    code: ErrorCode,
    readonly dspCode: string,
    options: ConnectorErrorOptions = {},
  ) {
    super(code, options);
  }
}

/** The `code` of the DSP error body for `error`: its own when it has one, else undefined (the HTTP status is used). */
export const dspErrorCode = (error: unknown): string | undefined => (error instanceof DspCodedError ? error.dspCode : undefined);
