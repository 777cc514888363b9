import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv2019, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormatsModule from 'ajv-formats';
import { DSP_DATA_DIR, DSP_SCHEMAS_SKIP_REASON } from './dsp-schema-location.js';

/**
 * The upstream DSP JSON Schemas as a test oracle (tests only: the runtime never reads them). They are read from
 * DSP_DATA_DIR (KONTOR_DSP_SCHEMAS, default ../shared/dsp: see dsp-schema-location.ts); tests that use this file sit in
 * `describeWithDspSchemas`, which skips them, with the reason, when the schemas are absent.
 *
 * Two independent sets, each in its own ajv instance, every schema registered by its `$id` (nothing is fetched):
 * - `2025-1`: DataspaceProtocol tag 2025-1-err1 (<DSP_DATA_DIR>/2025-1);
 * - `tck`: the copies bundled by the dsp-tck (<DSP_DATA_DIR>/tck-2025-1). The TCK keeps one copy per module
 *   (catalog, negotiation, transfer); identical `$id`s across modules must have identical content (checked).
 *   The TCK bundles no schema for CatalogError, the version document, the DID service entry or several transfer
 *   messages: `hasDspSchema('tck', type)` says whether a type can be checked there.
 *
 * Workarounds for defects in the published files themselves (eclipse-dataspace-protocol-base/DataspaceProtocol, tag
 * `2025-1-err1`, `artifacts/src/main/resources/`; eclipse-dataspacetck/dsp-tck), applied to our in-memory copy only,
 * never by loosening a check:
 * 1. `$ref`s written `…#definitions/X` (no `/` after `#`) are rewritten to `…#/definitions/X`. This restores the
 *    abstract type the transfer error, suspension and termination schemas depend on (without it, they compile to
 *    schemas that no longer require `@context`, `providerPid` and `consumerPid`).
 * 2. The example `common/example/dataservice-did-service.json` fails its own schema (its endpoint does not end in
 *    `/catalog`): it is left failing, and tests assert that exact failure.
 * 3. (TCK set only) the TCK's `contract-schema.json` writes
 *    `profile.items` as the bare string `"string"`, which is not a schema, so ajv refuses to compile it. It is
 *    rewritten to what it plainly means, `{"type": "string"}`: the check gets stricter, never looser.
 */

const addFormats = addFormatsModule as unknown as (ajv: Ajv2019) => Ajv2019;

export type DspSchemaSet = '2025-1' | 'tck';

const SET_DIRS: Record<DspSchemaSet, string> = { '2025-1': join(DSP_DATA_DIR, '2025-1'), tck: join(DSP_DATA_DIR, 'tck-2025-1') };
const BASE = 'https://w3id.org/dspace/2025/1/';

/** Message type (the `@type` of a root message, or `VersionResponse`) → schema `$id`. */
export const DSP_MESSAGE_SCHEMAS: Readonly<Record<string, string>> = {
  VersionResponse: `${BASE}common/protocol-version-schema.json`,
  DidService: `${BASE}common/did-service-schema.json`,
  CatalogRequestMessage: `${BASE}catalog/catalog-request-message-schema.json`,
  DatasetRequestMessage: `${BASE}catalog/dataset-request-message-schema.json`,
  Catalog: `${BASE}catalog/catalog-schema.json`,
  Dataset: `${BASE}catalog/dataset-schema.json`,
  CatalogError: `${BASE}catalog/catalog-error-schema.json`,
  ContractRequestMessage: `${BASE}negotiation/contract-request-message-schema.json`,
  ContractOfferMessage: `${BASE}negotiation/contract-offer-message-schema.json`,
  ContractAgreementMessage: `${BASE}negotiation/contract-agreement-message-schema.json`,
  ContractAgreementVerificationMessage: `${BASE}negotiation/contract-agreement-verification-message-schema.json`,
  ContractNegotiationEventMessage: `${BASE}negotiation/contract-negotiation-event-message-schema.json`,
  ContractNegotiationTerminationMessage: `${BASE}negotiation/contract-negotiation-termination-message-schema.json`,
  ContractNegotiation: `${BASE}negotiation/contract-negotiation-schema.json`,
  ContractNegotiationError: `${BASE}negotiation/contract-negotiation-error-schema.json`,
  TransferRequestMessage: `${BASE}transfer/transfer-request-message-schema.json`,
  TransferStartMessage: `${BASE}transfer/transfer-start-message-schema.json`,
  TransferCompletionMessage: `${BASE}transfer/transfer-completion-message-schema.json`,
  TransferSuspensionMessage: `${BASE}transfer/transfer-suspension-message-schema.json`,
  TransferTerminationMessage: `${BASE}transfer/transfer-termination-message-schema.json`,
  TransferProcess: `${BASE}transfer/transfer-process-schema.json`,
  TransferError: `${BASE}transfer/transfer-error-schema.json`,
};

export interface DspValidation {
  valid: boolean;
  /** `instancePath: message` per ajv error; empty when valid. */
  errors: string[];
}

interface LoadedSet {
  ajv: Ajv2019;
  ids: Set<string>;
  compiled: Map<string, ValidateFunction>;
  /** `$ref`s rewritten by workaround 1, as `file: old → new`. */
  repairs: string[];
}

const loaded = new Map<DspSchemaSet, LoadedSet>();

/** Fails loudly when a test outside `describeWithDspSchemas` reaches for schemas that are not there. */
function requireSchemas(): void {
  if (DSP_SCHEMAS_SKIP_REASON) throw new Error(`DSP schemas used outside describeWithDspSchemas: ${DSP_SCHEMAS_SKIP_REASON}`);
}

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return schemaFiles(path);
      return e.name.endsWith('-schema.json') ? [path] : [];
    })
    .sort();
}

/** Workarounds 1 and 3: `#definitions/…` → `#/definitions/…` in `$ref`s, `items: "T"` → `items: {type: "T"}`. */
function repairRefs(node: unknown, file: string, repairs: string[]): unknown {
  if (Array.isArray(node)) return node.map((n) => repairRefs(n, file, repairs));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && /#definitions\//.test(value)) {
      const fixed = value.replace('#definitions/', '#/definitions/');
      repairs.push(`${file}: ${value} → ${fixed}`);
      out[key] = fixed;
    } else if (key === 'items' && typeof value === 'string') {
      repairs.push(`${file}: items "${value}" → {"type":"${value}"}`);
      out[key] = { type: value };
    } else out[key] = repairRefs(value, file, repairs);
  }
  return out;
}

function loadSet(set: DspSchemaSet): LoadedSet {
  const cached = loaded.get(set);
  if (cached) return cached;
  requireSchemas();
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  const byId = new Map<string, { file: string; text: string }>();
  const repairs: string[] = [];
  for (const path of schemaFiles(SET_DIRS[set])) {
    const file = relative(DSP_DATA_DIR, path);
    const raw = JSON.parse(readFileSync(path, 'utf8')) as { $id?: string };
    if (!raw.$id) throw new Error(`${file} has no $id`);
    const text = JSON.stringify(raw);
    const seen = byId.get(raw.$id);
    if (seen) {
      if (seen.text !== text) throw new Error(`${file} and ${seen.file} share $id ${raw.$id} with different content`);
      continue;
    }
    byId.set(raw.$id, { file, text });
    ajv.addSchema(repairRefs(raw, file, repairs) as object);
  }
  const result = { ajv, ids: new Set(byId.keys()), compiled: new Map<string, ValidateFunction>(), repairs };
  loaded.set(set, result);
  return result;
}

function schemaIdOf(typeOrId: string): string {
  return DSP_MESSAGE_SCHEMAS[typeOrId] ?? typeOrId;
}

/** Every schema `$id` in the set. */
export function dspSchemaIds(set: DspSchemaSet): string[] {
  return [...loadSet(set).ids].sort();
}

/** The `$ref` repairs applied to the set (workaround 1). */
export function dspSchemaRepairs(set: DspSchemaSet): readonly string[] {
  return loadSet(set).repairs;
}

export function hasDspSchema(set: DspSchemaSet, typeOrId: string): boolean {
  return loadSet(set).ids.has(schemaIdOf(typeOrId));
}

/** Validates `json` against the schema for a message type (e.g. `Catalog`) or a schema `$id`. */
export function validateDsp(set: DspSchemaSet, typeOrId: string, json: unknown): DspValidation {
  const s = loadSet(set);
  const id = schemaIdOf(typeOrId);
  if (!s.ids.has(id)) throw new Error(`schema set ${set} has no schema for ${typeOrId}`);
  let validate = s.compiled.get(id);
  if (!validate) {
    validate = s.ajv.getSchema(id);
    if (!validate) throw new Error(`schema ${id} did not compile in set ${set}`);
    s.compiled.set(id, validate);
  }
  const valid = validate(json);
  return { valid, errors: valid ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`) };
}

/** Validates against every set that has the schema; returns the sets it was checked in, with results. */
export function validateDspEverywhere(typeOrId: string, json: unknown): Partial<Record<DspSchemaSet, DspValidation>> {
  const out: Partial<Record<DspSchemaSet, DspValidation>> = {};
  for (const set of ['2025-1', 'tck'] as const) if (hasDspSchema(set, typeOrId)) out[set] = validateDsp(set, typeOrId, json);
  return out;
}

/** The upstream 2025-1 example messages, each with the message type it illustrates (mapped by hand). */
export const DSP_EXAMPLES: Readonly<Record<string, string>> = {
  'catalog/example/catalog-error.json': 'CatalogError',
  'catalog/example/catalog-request-message.json': 'CatalogRequestMessage',
  'catalog/example/catalog.json': 'Catalog',
  'catalog/example/dataset-request-message.json': 'DatasetRequestMessage',
  'catalog/example/dataset.json': 'Dataset',
  'catalog/example/nested-catalog.json': 'Catalog',
  'common/example/catalogservice-did-service.json': 'DidService',
  'common/example/dataservice-did-service.json': 'DidService',
  'common/example/protocol-version.json': 'VersionResponse',
  'negotiation/example/contract-agreement-message-full.json': 'ContractAgreementMessage',
  'negotiation/example/contract-agreement-message.json': 'ContractAgreementMessage',
  'negotiation/example/contract-agreement-verification-message.json': 'ContractAgreementVerificationMessage',
  'negotiation/example/contract-negotiation-error.json': 'ContractNegotiationError',
  'negotiation/example/contract-negotiation-event-message.json': 'ContractNegotiationEventMessage',
  'negotiation/example/contract-negotiation-termination-message.json': 'ContractNegotiationTerminationMessage',
  'negotiation/example/contract-negotiation.json': 'ContractNegotiation',
  'negotiation/example/contract-offer-message.json': 'ContractOfferMessage',
  'negotiation/example/contract-offer-message_initial.json': 'ContractOfferMessage',
  'negotiation/example/contract-request-message.json': 'ContractRequestMessage',
  'negotiation/example/contract-request-message_initial.json': 'ContractRequestMessage',
  'transfer/example/transfer-completion-message.json': 'TransferCompletionMessage',
  'transfer/example/transfer-error.json': 'TransferError',
  'transfer/example/transfer-process.json': 'TransferProcess',
  'transfer/example/transfer-request-message.json': 'TransferRequestMessage',
  'transfer/example/transfer-start-message.json': 'TransferStartMessage',
  'transfer/example/transfer-suspension-message.json': 'TransferSuspensionMessage',
  'transfer/example/transfer-termination-message.json': 'TransferTerminationMessage',
};

/** Examples known to fail their own schema upstream (workaround 2 above), with the error they must fail with. */
export const KNOWN_BAD_EXAMPLES: Readonly<Record<string, RegExp>> = {
  'common/example/dataservice-did-service.json': /serviceEndpoint: must match pattern/,
};

export function readDspExample(path: string): unknown {
  requireSchemas();
  return JSON.parse(readFileSync(join(SET_DIRS['2025-1'], path), 'utf8'));
}

/** Every example file on disk under 2025-1/<area>/example/, so a new upstream example cannot go unmapped. */
export function dspExampleFiles(): string[] {
  requireSchemas();
  const root = SET_DIRS['2025-1'];
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => {
      const dir = join(root, d.name, 'example');
      try {
        return readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => `${d.name}/example/${f}`);
      } catch {
        return [];
      }
    })
    .sort();
}
