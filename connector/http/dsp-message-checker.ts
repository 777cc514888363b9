import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { ConnectorError } from '../../core/index.js';
import { clipText } from './clip-text.js';
import { toViolations, unlistedNote, type ViolationList, type Violation } from './violations.js';

/** Longest detail (the DSP error's reason) a refused message gets. */
const MAX_DETAIL = 4000;

/**
 * Every DSP 2025-1 message's `@context`: an array of strings that holds the DSP 2025-1 context (the specification's
 * common context schema). A message with another context means other terms: it is refused, not read as ours.
 */
export const DSP_CONTEXT_SCHEMA = { type: 'array', items: { type: 'string' }, contains: { const: 'https://w3id.org/dspace/2025/1/context.jsonld' } } as const;

/**
 * The one checker of inbound DSP messages: each protocol hands in its table of JSON Schemas (by `@type`) and gets a
 * function that returns the message typed as T, or throws VALIDATION_FAILED naming each bad field by JSON pointer (the
 * first MAX_LISTED_VIOLATIONS of them, the rest counted; the detail names them in at most MAX_DETAIL characters).
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
  const list = (type: Type, body: unknown): ViolationList => {
    const validate = validators().get(type);
    if (!validate) throw new ConnectorError('INTERNAL', { detail: `no schema for ${type}` });
    return validate(body) ? { listed: [], unlisted: 0 } : toViolations(validate.errors ?? []);
  };
  return {
    /** The message's violations, the first MAX_LISTED_VIOLATIONS of them; empty when it conforms. */
    violations: (type: Type, body: unknown): Violation[] => list(type, body).listed,
    check<T = Record<string, unknown>>(type: Type, body: unknown): T {
      const found = list(type, body);
      if (found.listed.length === 0) return body as T;
      const named = found.listed.map((v) => `${v.pointer} ${v.message}`).join('; ');
      throw new ConnectorError('VALIDATION_FAILED', { detail: `${clipText(`invalid ${type}: ${named}`, MAX_DETAIL)}${unlistedNote(found)}`, violations: found.listed });
    },
  };
}
