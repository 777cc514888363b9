import { validationError, type Violation } from '../../core/index.js';
import { parseDateTime } from '../model/date-time.js';
import { parseDuration } from '../model/duration.js';

export type ParameterType = 'string' | 'iri' | 'integer' | 'number' | 'boolean' | 'dateTime' | 'duration' | 'string[]';

/** One parameter of a template, as listed by `GET /api/v1/policy-templates`. */
export interface TemplateParameter {
  name: string;
  type: ParameterType;
  description: string;
  required: boolean;
  default?: unknown;
  /** Smallest allowed value (integer, number). */
  minimum?: number;
  /** Allowed values (string, or each item of string[]). */
  values?: readonly string[];
}

export type ParameterValues = Readonly<Record<string, unknown>>;

const IRI_LIKE = /^[A-Za-z][\w.+-]*:\S+$/;

function typeProblem(p: TemplateParameter, v: unknown): string | undefined {
  switch (p.type) {
    case 'string':
      return typeof v === 'string' && v.trim() !== '' ? undefined : 'must be a non-empty string';
    case 'iri':
      return typeof v === 'string' && IRI_LIKE.test(v) ? undefined : 'must be an IRI, CURIE or DID (scheme:rest, no spaces)';
    case 'integer':
      // A safe integer only: 1e300 is an integer to JSON, but no count ever reaches it, and it does not survive arithmetic.
      return typeof v === 'number' && Number.isSafeInteger(v) ? undefined : `must be an integer from ${-Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}`;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? undefined : 'must be a number';
    case 'boolean':
      return typeof v === 'boolean' ? undefined : 'must be true or false';
    case 'dateTime':
      return typeof v === 'string' && parseDateTime(v) !== undefined ? undefined : 'must be an xsd:dateTime such as 2027-01-01T00:00:00Z';
    case 'duration':
      return typeof v === 'string' && parseDuration(v) !== undefined ? undefined : 'must be an xsd:duration such as P30D or PT1H';
    case 'string[]':
      return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x.trim() !== '') ? undefined : 'must be a non-empty list of non-empty strings';
  }
}

function valueProblem(p: TemplateParameter, v: unknown): string | undefined {
  if (p.minimum !== undefined && typeof v === 'number' && v < p.minimum) return `must be at least ${p.minimum}`;
  if (p.values) {
    const items = Array.isArray(v) ? v : [v];
    const bad = items.find((x) => !p.values?.includes(String(x)));
    if (bad !== undefined) return `'${String(bad)}' is not one of ${p.values.join(', ')}`;
  }
  return undefined;
}

/**
 * Checks template parameters: required present, types right, no unknown names; applies defaults.
 * Throws `ConnectorError('VALIDATION_FAILED')` with one violation per bad parameter at `/parameters/<name>`.
 */
export function checkParameters(
  spec: readonly TemplateParameter[],
  given: Readonly<Record<string, unknown>>,
  relate?: (values: ParameterValues) => { name: string; message: string } | undefined,
): ParameterValues {
  const problems: Violation[] = [];
  const values: Record<string, unknown> = {};
  const input = typeof given === 'object' && given !== null && !Array.isArray(given) ? given : {};
  for (const name of Object.keys(input)) {
    if (!spec.some((p) => p.name === name)) problems.push({ pointer: `/parameters/${name}`, message: `unknown parameter '${name}'; known: ${spec.map((p) => p.name).join(', ')}` });
  }
  for (const p of spec) {
    const v = input[p.name] === null ? undefined : input[p.name];
    if (v === undefined) {
      if (p.required) problems.push({ pointer: `/parameters/${p.name}`, message: `required parameter '${p.name}' is missing (${p.type}: ${p.description})` });
      else if (p.default !== undefined) values[p.name] = p.default;
      continue;
    }
    const wrong = typeProblem(p, v) ?? valueProblem(p, v);
    if (wrong) problems.push({ pointer: `/parameters/${p.name}`, message: `${p.name} ${wrong}` });
    else values[p.name] = v;
  }
  if (problems.length === 0 && relate) {
    const r = relate(values);
    if (r) problems.push({ pointer: `/parameters/${r.name}`, message: r.message });
  }
  if (problems.length > 0) throw validationError(problems);
  return values;
}
