import { checkParameters, type ParameterValues, type TemplateParameter } from './template-parameters.js';

/** A ready-made, parameterised ODRL policy. */
export interface PolicyTemplate {
  id: string;
  title: string;
  description: string;
  /** The usage-control pattern or profile it implements, e.g. "IDS USAGE_DURING_INTERVAL", "Catena-X CX-0152". */
  pattern: string;
  parameters: readonly TemplateParameter[];
  /** Parameters that instantiate it as is (used in docs and tests). */
  example: Readonly<Record<string, unknown>>;
  /**
   * Fills in the parameters and returns ODRL compact JSON. Throws `ConnectorError('VALIDATION_FAILED')`
   * with pointers `/parameters/<name>` for a missing required parameter, a wrong type or an unknown name.
   */
  instantiate(params: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

export interface TemplateSpec extends Omit<PolicyTemplate, 'instantiate'> {
  /** Builds the policy from checked values (defaults applied); may report cross-parameter problems. */
  build(values: ParameterValues): Record<string, unknown>;
  /** Checks between parameters (e.g. start before end): name → message. */
  relate?(values: ParameterValues): { name: string; message: string } | undefined;
}

export function defineTemplate(spec: TemplateSpec): PolicyTemplate {
  const { build, relate, ...rest } = spec;
  return {
    ...rest,
    instantiate: (params) => {
      const values = checkParameters(spec.parameters, params, relate);
      return build(values);
    },
  };
}

/** The JSON-LD context every template writes: DSP 2025-1 plus the prefixes the engine knows. */
export const TEMPLATE_CONTEXT = [
  'https://w3id.org/dspace/2025/1/context.jsonld',
  {
    'cx-policy': 'https://w3id.org/catenax/policy/',
    fl: 'https://w3id.org/kontor/fl/',
    kontor: 'https://w3id.org/kontor/policy/',
    purpose: 'https://w3id.org/kontor/purpose/',
  },
] as const;

/** An ODRL Set with one `use` permission (plus optional target), the shape most templates share. */
export function usePolicy(values: ParameterValues, permission: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const target = values.target;
  return {
    '@context': TEMPLATE_CONTEXT,
    '@type': 'Set',
    ...(typeof target === 'string' ? { target } : {}),
    permission: [{ action: 'use', ...permission }],
    ...extra,
  };
}
