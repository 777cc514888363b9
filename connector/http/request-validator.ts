import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { validationError } from '../../core/index.js';
import { toViolations, unlistedNote } from './violations.js';

// ajv-formats is CJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const DOC_ID = 'urn:kontor:management-openapi';

/** Validates request bodies against the OpenAPI document's component schemas (compiled once each). */
export class RequestValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: Readonly<Record<string, unknown>>) {
    // strict:false because the wrapper object carries OpenAPI's `components` keyword; the schemas themselves are 2020-12.
    this.ajv = new Ajv2020({ allErrors: true, strict: false, useDefaults: true, coerceTypes: false });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: DOC_ID, components: (document as { components: unknown }).components });
  }

  /**
   * Returns the body (with schema defaults applied) or throws VALIDATION_FAILED naming each bad field, up to
   * MAX_LISTED_VIOLATIONS of them; the detail then counts the rest.
   */
  validate<T>(schemaName: string, body: unknown): T {
    const validate = this.validatorFor(schemaName);
    if (validate(body)) return body as T;
    const list = toViolations(validate.errors ?? []);
    const first = list.listed[0];
    throw validationError(list.listed, first && list.unlisted > 0 ? `${first.pointer || '/'}: ${first.message}${unlistedNote(list)}` : undefined);
  }

  private validatorFor(schemaName: string): ValidateFunction {
    let validate = this.compiled.get(schemaName);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOC_ID}#/components/schemas/${schemaName}` });
      this.compiled.set(schemaName, validate);
    }
    return validate;
  }
}

export { toViolations };
