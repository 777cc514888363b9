import { type ConnectorError, ERROR_CODES } from '../../core/index.js';
import { clipText } from './clip-text.js';
import { STATUS_BY_KIND } from './problem-status.js';
import { MAX_LISTED_VIOLATIONS, MAX_VIOLATION_TEXT, unlistedNote } from './violations.js';

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

/** Longest `detail` a problem carries (a detail may echo what the caller sent). */
const MAX_DETAIL = 4000;

/**
 * The one mapping from ConnectorError to an RFC 9457 body for the management API. Its size stays bounded whatever
 * the request: `errors[]` lists the first MAX_LISTED_VIOLATIONS violations (the detail counts the rest), each
 * pointer and message and the detail are clipped.
 */
export function toProblem(error: ConnectorError, typeBase: string, requestId?: string): ProblemDetails {
  const status = STATUS_BY_KIND[error.kind];
  const problem: ProblemDetails = { type: `${typeBase}${error.code}`, title: ERROR_CODES[error.code].title, status, code: error.code };
  const listed = error.violations.slice(0, MAX_LISTED_VIOLATIONS);
  const note = unlistedNote({ listed, unlisted: error.violations.length - listed.length });
  // Internal details never leave the process: a 500 only says that something failed.
  if (error.detail && error.kind !== 'internal') problem.detail = `${clipText(error.detail, MAX_DETAIL)}${note}`;
  if (requestId) problem.instance = `urn:kontor:request:${requestId}`;
  // Extension members never override the standard ones.
  if (error.extensions && error.kind !== 'internal') for (const [k, v] of Object.entries(error.extensions)) if (!(k in problem) && k !== 'errors') problem[k] = v;
  if (listed.length > 0) problem.errors = listed.map((v) => ({ pointer: clipText(v.pointer, MAX_VIOLATION_TEXT), message: clipText(v.message, MAX_VIOLATION_TEXT) }));
  return problem;
}
