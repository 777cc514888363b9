import type { ErrorKind } from '../../core/index.js';

/** The HTTP status of each kind of error, for the management API's problem details and (with the DSP's rules) protocol errors. */
export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  range_not_satisfiable: 416,
  request_timeout: 408,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  headers_too_large: 431,
  bad_gateway: 502,
  unavailable: 503,
  internal: 500,
};
