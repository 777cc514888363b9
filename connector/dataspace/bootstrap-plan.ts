import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { ConnectorError } from '../../core/index.js';

/** Who is in the data space and what the sites offer: the input of `kontor dataspace bootstrap`. */
export interface BootstrapPlan {
  authority: { managementUrl: string };
  /** Framework agreements every participant is registered with (default DataExchangeGovernance:1.0). */
  frameworkAgreements?: string[];
  /** The demo's training offers: each participant with a `part` offers that part of `dataSet` to `coordinator`. */
  training?: { dataSet: 'penguins' | 'breast-cancer'; rounds: number; coordinator: string; deleteAfter?: string };
  /** `publicUrl` (the participant's KONTOR_PUBLIC_URL) is needed for sites that `kontor dataspace train` negotiates with. */
  participants: { name: string; managementUrl: string; publicUrl?: string; legalName: string; roles: string[]; part?: string }[];
}

const url = { type: 'string', pattern: '^https?://' };
const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['authority', 'participants'],
  properties: {
    authority: { type: 'object', additionalProperties: false, required: ['managementUrl'], properties: { managementUrl: url } },
    frameworkAgreements: { type: 'array', items: { type: 'string', minLength: 1 } },
    training: {
      type: 'object',
      additionalProperties: false,
      required: ['dataSet', 'rounds', 'coordinator'],
      properties: {
        dataSet: { enum: ['penguins', 'breast-cancer'] },
        rounds: { type: 'integer', minimum: 1 },
        coordinator: { type: 'string' },
        deleteAfter: { type: 'string', pattern: '^P' },
      },
    },
    participants: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'managementUrl', 'legalName', 'roles'],
        properties: {
          name: { type: 'string', minLength: 1 },
          managementUrl: url,
          publicUrl: url,
          legalName: { type: 'string', minLength: 1 },
          roles: { type: 'array', items: { type: 'string' } },
          part: { type: 'string', minLength: 1 },
        },
      },
    },
  },
} as const;

const validate = new Ajv2020({ allErrors: true }).compile<BootstrapPlan>(SCHEMA);

/** The plan, or CONFIG_INVALID with every problem (schema, unknown coordinator, offers without a training). */
export function parseBootstrapPlan(json: unknown): BootstrapPlan {
  if (!validate(json)) {
    throw new ConnectorError('CONFIG_INVALID', { violations: (validate.errors ?? []).map(planViolation) });
  }
  const problems: { pointer: string; message: string }[] = [];
  const names = json.participants.map((p) => p.name);
  if (json.training && !names.includes(json.training.coordinator))
    problems.push({ pointer: '/training/coordinator', message: `no participant is named '${json.training.coordinator}'` });
  json.participants.forEach((p, i) => {
    if (p.part !== undefined && !json.training) problems.push({ pointer: `/participants/${i}/part`, message: 'a part to offer needs a training section' });
    if (names.indexOf(p.name) !== i) problems.push({ pointer: `/participants/${i}/name`, message: `'${p.name}' is named twice` });
  });
  if (problems.length > 0) throw new ConnectorError('CONFIG_INVALID', { violations: problems });
  return json;
}

/** One schema error as a person reads it: an unknown property is named by its own path (`/participants/0/colour`). */
function planViolation(e: ErrorObject): { pointer: string; message: string } {
  if (e.keyword === 'additionalProperties') return { pointer: `${e.instancePath}/${String(e.params.additionalProperty)}`, message: 'unknown property' };
  return { pointer: e.instancePath || '/', message: e.message ?? 'invalid' };
}
