import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019 } from 'ajv/dist/2019.js';

/**
 * The DCP 1.0.1 message schemas (eclipse-dataspace-dcp/decentralized-claims-protocol, tag v1.0.1, the specification's
 * JSON Schemas), read from the project's reference copy in `../shared/dcp/spec-v1.0.1`.
 * A user's clone has no such folder: suites using it skip, with `DCP_SCHEMAS_SKIP_REASON` in their title.
 */
export const DCP_DATA_DIR = fileURLToPath(new URL('../../../shared/dcp/spec-v1.0.1/', import.meta.url));

export const DCP_SCHEMAS_SKIP_REASON: string | undefined = existsSync(join(DCP_DATA_DIR, 'presentation'))
  ? undefined
  : `no DCP spec data at ${DCP_DATA_DIR} (the project's ../shared/dcp reference copy)`;

const read = (path: string) => JSON.parse(readFileSync(join(DCP_DATA_DIR, path), 'utf8')) as Record<string, unknown>;

/** Validates against `presentation/<name>-schema.json`; returns the violations (empty when valid). */
export function dcpViolations(name: 'presentation-query-message' | 'presentation-response-message', message: unknown): string[] {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  const context = read('common/context-schema.json');
  // Upstream, the context schema's $id says …/v08/… while the others $ref …/v1.0/…: register it under both.
  ajv.addSchema({ ...context, $id: 'https://w3id.org/dspace-dcp/v1.0/common/context-schema.json' });
  // The DIF presentation-exchange schemas are not in the copy; Kontor sends neither a definition nor a submission.
  ajv.addSchema({ $id: 'https://identity.foundation/presentation-exchange/schemas/presentation-submission.json', properties: { presentation_submission: { not: {} } } });
  ajv.addSchema({ $id: 'https://identity.foundation/presentation-exchange/schemas/presentation-definition.json', not: {} });
  const validate = ajv.compile(read(`presentation/${name}-schema.json`));
  return validate(message) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
