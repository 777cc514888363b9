import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Violation } from '../../core/index.js';

export type { Violation };

/** ajv's errors as violations with JSON pointers, each once (the request validator and the DSP message checker). */
export function toViolations(errors: readonly ErrorObject[]): Violation[] {
  const seen = new Set<string>();
  const out: Violation[] = [];
  for (const e of errors) {
    const violation = toViolation(e);
    const key = `${violation.pointer}|${violation.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(violation);
    }
  }
  return out;
}

function toViolation(e: ErrorObject): Violation {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return { pointer: `${e.instancePath}/${String(params.missingProperty)}`, message: 'is required' };
  if (e.keyword === 'additionalProperties') return { pointer: `${e.instancePath}/${String(params.additionalProperty)}`, message: 'is not allowed here' };
  if (e.keyword === 'enum') return { pointer: e.instancePath || '/', message: `must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}` };
  return { pointer: e.instancePath || '/', message: e.message ?? 'is invalid' };
}
