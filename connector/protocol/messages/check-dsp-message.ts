import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { validationError, type Violation } from '../../../core/index.js';
import { toViolations } from '../../api/request-validator.js';
import { CATALOG_MESSAGE_SCHEMAS, SHARED_SCHEMAS, type CatalogMessageType } from './catalog-message-schemas.js';

let compiled: Map<CatalogMessageType, ValidateFunction> | undefined;

function validators(): Map<CatalogMessageType, ValidateFunction> {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  for (const schema of SHARED_SCHEMAS) ajv.addSchema(schema);
  compiled = new Map(Object.entries(CATALOG_MESSAGE_SCHEMAS).map(([type, schema]) => [type as CatalogMessageType, ajv.compile(schema)]));
  return compiled;
}

/** The problems with `json` as a message of the given type; empty when it conforms. */
export function dspMessageViolations(type: CatalogMessageType, json: unknown): Violation[] {
  const validate = validators().get(type);
  if (!validate) throw new Error(`no schema for ${type}`);
  return validate(json) ? [] : toViolations(validate.errors ?? []);
}

/** Returns `json` typed as the message, or throws VALIDATION_FAILED naming what is wrong. */
export function checkDspMessage<T>(type: CatalogMessageType, json: unknown): T {
  const violations = dspMessageViolations(type, json);
  if (violations.length > 0) throw validationError(violations, `not a valid ${type}: ${violations.map((v) => `${v.pointer || '/'} ${v.message}`).join('; ')}`);
  return json as T;
}
