import type { ErrorKind } from './errors.js';

/**
 * The registry of stable error codes. Codes are API: every one is documented in docs/errors.md
 * (test/architecture/error-codes-documented.test.ts enforces it), and none is ever renamed.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { kind: 'bad_request', title: 'The request is invalid' },
  MALFORMED_JSON: { kind: 'bad_request', title: 'The request body is not valid JSON' },
  UNSUPPORTED_MEDIA_TYPE: { kind: 'unsupported_media_type', title: 'The request body must be application/json' },
  BODY_TOO_LARGE: { kind: 'payload_too_large', title: 'The request body is too large' },
  INVALID_QUERY: { kind: 'bad_request', title: 'A query parameter is invalid' },
  MALFORMED_REQUEST: { kind: 'bad_request', title: 'The request is not well-formed HTTP' },
  HEADERS_TOO_LARGE: { kind: 'headers_too_large', title: 'The request line or headers are too large' },
  REQUEST_TIMEOUT: { kind: 'request_timeout', title: 'The request did not arrive in time' },
  UNAUTHORIZED: { kind: 'unauthorized', title: 'Authentication is required' },
  FORBIDDEN: { kind: 'forbidden', title: 'The caller may not do this' },
  NOT_FOUND: { kind: 'not_found', title: 'The resource does not exist' },
  ROUTE_NOT_FOUND: { kind: 'not_found', title: 'No such route' },
  METHOD_NOT_ALLOWED: { kind: 'method_not_allowed', title: 'The route does not support this method' },
  RANGE_NOT_SATISFIABLE: { kind: 'range_not_satisfiable', title: 'The requested byte range cannot be served' },
  ALREADY_EXISTS: { kind: 'conflict', title: 'A resource with this id already exists' },
  VERSION_CONFLICT: { kind: 'conflict', title: 'The resource was changed by someone else' },
  STILL_REFERENCED: { kind: 'conflict', title: 'The resource is still referenced' },
  LEASE_HELD: { kind: 'conflict', title: 'The entity is being processed by another worker' },
  INVALID_TRANSITION: { kind: 'conflict', title: 'The state transition is not allowed' },
  POLICY_INVALID: { kind: 'bad_request', title: 'The policy is not valid' },
  POLICY_DENIED: { kind: 'forbidden', title: 'The policy does not allow this' },
  CONFIG_INVALID: { kind: 'bad_request', title: 'The configuration is invalid' },
  TRAINING_DATA_INVALID: { kind: 'bad_request', title: 'The training data does not match its schema' },
  TRAINING_SCHEMA_MISMATCH: { kind: 'bad_request', title: "The training plan does not fit the site's data schema" },
  MODEL_NOT_AVAILABLE: { kind: 'conflict', title: 'The training has no model to use (not completed)' },
  MODEL_DELETED: { kind: 'conflict', title: 'The trained model was deleted under its deletion duty' },
  STORE_UNAVAILABLE: { kind: 'unavailable', title: 'The store cannot be reached' },
  STORE_INTEGRITY: { kind: 'unavailable', title: 'A stored value failed its integrity check' },
  NOT_READY: { kind: 'unavailable', title: 'The connector is not ready to serve' },
  PEER_UNAVAILABLE: { kind: 'unavailable', title: 'The peer connector cannot be reached' },
  SECRET_UNAVAILABLE: { kind: 'unavailable', title: 'A secret the data source needs is not configured' },
  PEER_REJECTED: { kind: 'bad_gateway', title: 'The peer connector rejected the request' },
  OUTBOUND_REFUSED: { kind: 'bad_request', title: 'The target URL is not allowed' },
  INTERNAL: { kind: 'internal', title: 'An internal error occurred' },
} as const satisfies Record<string, { kind: ErrorKind; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];
