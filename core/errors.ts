import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** The closed set of failure kinds. Each maps to one HTTP status in the renderers. */
export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'request_timeout'
  | 'payload_too_large'
  | 'headers_too_large'
  | 'unsupported_media_type'
  | 'method_not_allowed'
  | 'range_not_satisfiable'
  | 'bad_gateway'
  | 'unavailable'
  | 'internal';

/** One field-level problem: a JSON pointer into the request and what is wrong there. */
export interface Violation {
  pointer: string;
  message: string;
}

export interface ConnectorErrorOptions {
  detail?: string;
  violations?: readonly Violation[];
  cause?: unknown;
  retryable?: boolean;
  /** How long a caller should wait before retrying an `unavailable` error (the `Retry-After` header), in seconds. */
  retryAfterSeconds?: number;
  /** RFC 9457 extension members the problem body carries beside the standard ones (evidence such as a deletion receipt). */
  extensions?: Readonly<Record<string, unknown>>;
}

/**
 * The one error type every layer throws. `code` is stable API (see docs/errors.md);
 * `kind` decides the HTTP status; `detail` is safe to show to the caller.
 */
export class ConnectorError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly detail: string | undefined;
  readonly violations: readonly Violation[];
  readonly retryable: boolean;
  readonly retryAfterSeconds: number | undefined;
  readonly extensions: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, options: ConnectorErrorOptions = {}) {
    const entry = ERROR_CODES[code];
    super(options.detail ?? entry.title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.code = code;
    this.kind = entry.kind;
    this.detail = options.detail;
    this.violations = options.violations ?? [];
    this.retryable = options.retryable ?? entry.kind === 'unavailable';
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extensions = options.extensions;
  }
}

/**
 * This process interrupted the work itself (it is stopping): given as the `cause` of the error a step fails with, it
 * tells the state machine that the step did not fail, so no attempt is counted; the step runs again later.
 */
export class Interruption extends Error {}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}

export function notFound(what: string, id: string): ConnectorError {
  return new ConnectorError('NOT_FOUND', { detail: `${what} '${id}' does not exist` });
}

export function validationError(violations: readonly Violation[], detail?: string): ConnectorError {
  const first = violations[0];
  const text = detail ?? (first ? `${first.pointer || '/'}: ${first.message}` : 'the request is invalid');
  return new ConnectorError('VALIDATION_FAILED', { detail: text, violations });
}
