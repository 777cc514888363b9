import { ConnectorError, validationError } from '../../../core/index.js';

/** What a Kontor resource id may be (the `pattern` of the ids in the OpenAPI document), in words. */
export const ID_RULE = 'must be 1 to 200 characters from A-Z a-z 0-9 . _ : ~ @ + -, starting with a letter or digit';

/**
 * The /api/v1 input check's findings on the `id` it was given, moved to where a v3 body has the id (`/@id`), with
 * the id pattern said in words. Other findings stay as they are.
 */
export function idAtAtId(error: unknown): unknown {
  if (!(error instanceof ConnectorError) || !error.violations.some((v) => v.pointer === '/id')) return error;
  return validationError(error.violations.map((v) => (v.pointer === '/id' ? { pointer: '/@id', message: /pattern/.test(v.message) ? ID_RULE : v.message } : v)));
}
