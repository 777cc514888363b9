import { type ConnectorError, ERROR_CODES } from '../../core/index.js';
import { STATUS_BY_KIND } from './problem-status.js';

export { STATUS_BY_KIND };

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  code: string;
  errors?: { pointer: string; message: string }[];
  [extension: string]: unknown;
}

/** The one mapping from ConnectorError to an RFC 9457 body for the management API. */
export function toProblem(error: ConnectorError, typeBase: string, requestId?: string): ProblemDetails {
  const status = STATUS_BY_KIND[error.kind];
  const problem: ProblemDetails = { type: `${typeBase}${error.code}`, title: ERROR_CODES[error.code].title, status, code: error.code };
  // Internal details never leave the process: a 500 only says that something failed.
  if (error.detail && error.kind !== 'internal') problem.detail = error.detail;
  if (requestId) problem.instance = `urn:kontor:request:${requestId}`;
  // Extension members never override the standard ones.
  if (error.extensions && error.kind !== 'internal') for (const [k, v] of Object.entries(error.extensions)) if (!(k in problem) && k !== 'errors') problem[k] = v;
  if (error.violations.length > 0) problem.errors = error.violations.map((v) => ({ pointer: v.pointer, message: v.message }));
  return problem;
}
