import { validationError, type Violation } from '../../core/index.js';
import { dspMessageChecker } from '../http/dsp-message-checker.js';
import { CATALOG_MESSAGE_SCHEMAS, SHARED_SCHEMAS, type CatalogMessageType } from './catalog-message-schemas.js';

const checker = dspMessageChecker(CATALOG_MESSAGE_SCHEMAS, SHARED_SCHEMAS);

/** The problems with `json` as a message of the given type; empty when it conforms. */
export function dspMessageViolations(type: CatalogMessageType, json: unknown): Violation[] {
  return checker.violations(type, json);
}

/** Returns `json` typed as the message, or throws VALIDATION_FAILED naming what is wrong. */
export function checkDspMessage<T>(type: CatalogMessageType, json: unknown): T {
  const violations = dspMessageViolations(type, json);
  if (violations.length > 0) throw validationError(violations, `not a valid ${type}: ${violations.map((v) => `${v.pointer || '/'} ${v.message}`).join('; ')}`);
  return json as T;
}
