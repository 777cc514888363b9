import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { ConnectorError } from '../../core/index.js';
import { toViolations, type Violation } from './violations.js';

/**
 * Every DSP 2025-1 message's `@context`: an array of strings that holds the DSP 2025-1 context (the specification's
 * common context schema). A message with another context means other terms: it is refused, not read as ours.
 */
export const DSP_CONTEXT_SCHEMA = { type: 'array', items: { type: 'string' }, contains: { const: 'https://w3id.org/dspace/2025/1/context.jsonld' } } as const;

/**
 * The one checker of inbound DSP messages: each protocol hands in its table of JSON Schemas (by `@type`) and gets a
 * function that returns the message typed as T, or throws VALIDATION_FAILED naming each bad field by JSON pointer.
 * Schemas are compiled once, on first use; `shared` schemas are registered by `$id` for `$ref`s.
 */
export function dspMessageChecker<Type extends string>(schemas: Readonly<Record<Type, object>>, shared: readonly object[] = []) {
  let compiled: Map<string, ValidateFunction> | undefined;
  const validators = () => {
    if (compiled) return compiled;
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    for (const schema of shared) ajv.addSchema(schema);
    compiled = new Map(Object.entries(schemas).map(([type, schema]) => [type, ajv.compile(schema as object)]));
    return compiled;
  };
  const violations = (type: Type, body: unknown): Violation[] => {
    const validate = validators().get(type);
    if (!validate) throw new ConnectorError('INTERNAL', { detail: `no schema for ${type}` });
    return validate(body) ? [] : toViolations(validate.errors ?? []);
  };
  return {
    violations,
    check<T = Record<string, unknown>>(type: Type, body: unknown): T {
      const found = violations(type, body);
      if (found.length === 0) return body as T;
      throw new ConnectorError('VALIDATION_FAILED', { detail: `invalid ${type}: ${found.map((v) => `${v.pointer} ${v.message}`).join('; ')}`, violations: found });
    },
  };
}
