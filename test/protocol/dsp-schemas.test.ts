import { expect, it } from 'vitest';
import { describeWithDspSchemas } from '../helpers/dsp-schema-location.js';
import {
  DSP_EXAMPLES,
  DSP_MESSAGE_SCHEMAS,
  KNOWN_BAD_EXAMPLES,
  dspExampleFiles,
  dspSchemaIds,
  dspSchemaRepairs,
  hasDspSchema,
  readDspExample,
  validateDsp,
} from '../helpers/dsp-schemas.js';

/** The message types the TCK set bundles no schema for (a test below checks this against the set itself). */
const NOT_IN_TCK = ['CatalogError', 'DidService', 'TransferCompletionMessage', 'TransferError', 'TransferSuspensionMessage', 'TransferTerminationMessage', 'VersionResponse'];
/** Listed without reading the schemas, so the suite's tests are the same whether it runs or is skipped. */
const tckExamples = Object.entries(DSP_EXAMPLES).filter(([, type]) => !NOT_IN_TCK.includes(type));

describeWithDspSchemas('DSP schema harness', () => {
  it('should map every upstream example file to a message type', () => {
    expect(dspExampleFiles()).toEqual(Object.keys(DSP_EXAMPLES).sort());
  });

  it.each(Object.entries(DSP_EXAMPLES).filter(([f]) => !(f in KNOWN_BAD_EXAMPLES)))('should accept the upstream example %s as %s (2025-1)', (file, type) => {
    expect(validateDsp('2025-1', type, readDspExample(file))).toEqual({ valid: true, errors: [] });
  });

  it.each(tckExamples)('should accept the upstream example %s as %s (TCK)', (file, type) => {
    expect(validateDsp('tck', type, readDspExample(file))).toEqual({ valid: true, errors: [] });
  });

  it('should still reject the example that fails its own schema upstream (its endpoint does not end in /catalog), for the documented reason', () => {
    for (const [file, reason] of Object.entries(KNOWN_BAD_EXAMPLES)) {
      const result = validateDsp('2025-1', DSP_EXAMPLES[file] ?? '', readDspExample(file));
      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toMatch(reason);
    }
  });

  it('should compile every 2025-1 schema, repairing exactly the three broken transfer refs (`#definitions/…` without the `/`)', () => {
    for (const id of dspSchemaIds('2025-1')) expect(() => validateDsp('2025-1', id, {})).not.toThrow();
    expect(
      dspSchemaRepairs('2025-1')
        .map((r) => r.split(':')[0])
        .sort(),
    ).toEqual([
      '2025-1/transfer/schema/transfer-error-schema.json',
      '2025-1/transfer/schema/transfer-suspension-message-schema.json',
      '2025-1/transfer/schema/transfer-termination-message-schema.json',
    ]);
    for (const id of dspSchemaIds('tck')) expect(() => validateDsp('tck', id, {})).not.toThrow();
    expect(dspSchemaRepairs('tck')).toEqual(['tck-2025-1/dsp-catalog/negotiation/contract-schema.json: items "string" → {"type":"string"}']);
  });

  it('should keep the required fields that hang off the repaired refs (providerPid, consumerPid)', () => {
    const bare = { '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@type': 'TransferTerminationMessage' };
    const result = validateDsp('2025-1', 'TransferTerminationMessage', bare);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/providerPid/);
  });

  it('should know which message types the TCK set cannot check', () => {
    const missing = Object.keys(DSP_MESSAGE_SCHEMAS).filter((t) => !hasDspSchema('tck', t));
    expect(missing.sort()).toEqual(NOT_IN_TCK);
  });

  it.each(['2025-1', 'tck'] as const)('should reject invalid messages (%s)', (set) => {
    const catalog = readDspExample('catalog/example/catalog.json') as Record<string, unknown>;
    expect(validateDsp(set, 'Catalog', { ...catalog, '@context': 'https://w3id.org/dspace/2025/1/context.jsonld' }).valid).toBe(false);
    const { participantId: _omit, ...withoutParticipant } = catalog;
    const result = validateDsp(set, 'Catalog', withoutParticipant);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/participantId/);
    const dataset = readDspExample('catalog/example/dataset.json') as { hasPolicy: Record<string, unknown>[] };
    const withTarget = { ...dataset, hasPolicy: [{ ...dataset.hasPolicy[0], target: 'urn:x' }] };
    expect(validateDsp(set, 'Dataset', withTarget).valid).toBe(false);
  });
});
