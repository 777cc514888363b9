import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDataSpace, type DemoDataSpace, type DemoNode } from '../../examples/demo/demo-data-space.js';
import { negotiateWithSites } from '../../examples/demo/negotiate-all.js';
import { dspExpand, dspExpansionProblem } from '../helpers/dsp-expansion.js';
import { describeWithDspSchemas, DSP_SCHEMAS_SKIP_REASON } from '../helpers/dsp-schema-location.js';
import { hasDspSchema, validateDsp } from '../helpers/dsp-schemas.js';
import { recordWire } from '../helpers/wire-recorder.js';

/**
 * Every DSP message two Kontor connectors with real identities exchange (catalog with offer credentials, the
 * negotiation with its signed agreement, a pull transfer, a termination) must expand offline with the DSP 2025-1
 * context alone, as the TCK's processor does, and validate against the 2025-1 schemas.
 */
const schemasPresent = DSP_SCHEMAS_SKIP_REASON === undefined;
const DCT_TYPE = 'http://purl.org/dc/terms/type';
const SUBMODEL = 'https://w3id.org/catenax/taxonomy#Submodel';
const ODRL_LEFT_OPERAND = 'http://www.w3.org/ns/odrl/2/leftOperand';

/** Every value of `property` anywhere in an expanded JSON-LD document (node references by their `@id`; JSON literals, such as the credentials, not looked into). */
function valuesOf(expanded: unknown, property: string): unknown[] {
  if (Array.isArray(expanded)) return expanded.flatMap((e) => valuesOf(e, property));
  if (typeof expanded !== 'object' || expanded === null || '@value' in expanded) return [];
  return Object.entries(expanded).flatMap(([k, v]) => [...(k === property ? (v as Record<string, unknown>[]).map((x) => x['@id'] ?? x['@value']) : []), ...valuesOf(v, property)]);
}
interface Seen {
  url: string;
  body: Record<string, unknown>;
}
const seen: Seen[] = [];
let wire: ReturnType<typeof recordWire> | undefined;
let dir: string;
let space: DemoDataSpace;

const record = (url: string, text: string | undefined) => {
  if (!text) return;
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null && '@type' in body) seen.push({ url, body: body as Record<string, unknown> });
  } catch {
    // not JSON: no DSP message
  }
};

beforeAll(async () => {
  if (!schemasPresent) return;
  // Both connectors answer in this process: what their servers receive and answer is what went over the wire.
  wire = recordWire((url) => url.includes('/api/dsp/'));
  dir = mkdtempSync(join(tmpdir(), 'kontor-jsonld-'));
  writeFileSync(join(dir, 'data.csv'), 'a,b\n1,2\n');
  space = await startDataSpace(
    dir,
    [
      { name: 'provider', legalName: 'Provider', roles: ['provider'], overrides: { 'dataPlane.fileRoot': dir } },
      { name: 'consumer', legalName: 'Consumer', roles: ['consumer'] },
    ],
    'silent',
  );
  const [provider, consumer] = space.nodes as [DemoNode, DemoNode];
  await provider.api('POST', '/api/v1/assets', {
    id: 'data',
    properties: { title: 'Data', description: 'A small table', keywords: ['test'], [DCT_TYPE]: { '@id': SUBMODEL } },
    dataAddress: { type: 'File', path: 'data.csv' },
  });
  await provider.api('POST', '/api/v1/policies', {
    id: 'members',
    policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] },
  });
  await provider.api('POST', '/api/v1/contract-definitions', { id: 'cd', accessPolicyId: 'members', contractPolicyId: 'members' });
  const [deal] = await negotiateWithSites(consumer, [provider], () => undefined);
  const started = new Promise<void>((resolve) => consumer.connector.events.on('transfer.stateChanged', (e) => void (e.to === 'STARTED' && resolve())));
  const { id } = await consumer.api<{ id: string }>('POST', '/api/v1/transfers', { agreementId: deal?.agreementId, transferType: 'HttpData-PULL' });
  await started;
  const ended = new Promise<void>((resolve) => consumer.connector.events.on('transfer.stateChanged', (e) => void (e.to === 'TERMINATED' && resolve())));
  await consumer.api('POST', `/api/v1/transfers/${encodeURIComponent(id)}/terminate`, { reason: 'done' });
  await ended;
  for (const e of wire.exchanges) {
    record(e.url, e.sent);
    record(e.url, e.received);
  }
});
afterAll(async () => {
  wire?.stop();
  await space?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describeWithDspSchemas('DSP messages as JSON-LD with the DSP 2025-1 context alone', () => {
  it('covers the messages that carry credentials: a catalog with offer credentials, an agreement with its credential', () => {
    const types = new Set(seen.map((s) => String(s.body['@type'])));
    for (const t of [
      'Catalog',
      'ContractRequestMessage',
      'ContractNegotiation',
      'ContractAgreementMessage',
      'ContractAgreementVerificationMessage',
      'ContractNegotiationEventMessage',
      'TransferRequestMessage',
      'TransferProcess',
      'TransferStartMessage',
      'TransferTerminationMessage',
    ]) {
      expect(types, t).toContain(t);
    }
    expect(seen.some((s) => s.body['@type'] === 'ContractAgreementMessage' && Object.keys(s.body).some((k) => k.endsWith('#agreementCredential')))).toBe(true);
    expect(JSON.stringify(seen.find((s) => s.body['@type'] === 'Catalog')?.body)).toContain('#offerCredential');
  });

  it('every message expands with the DSP 2025-1 context alone, offline, and validates against the 2025-1 schemas', async () => {
    const problems: string[] = [];
    for (const s of seen) {
      const type = String(s.body['@type']);
      const expansion = await dspExpansionProblem(s.body);
      if (expansion) problems.push(`${type} (${s.url}) does not expand: ${expansion}`);
      if (hasDspSchema('2025-1', type)) {
        const result = validateDsp('2025-1', type, s.body);
        if (!result.valid) problems.push(`${type} (${s.url}) is invalid: ${JSON.stringify(result.errors)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("reads every policy term and asset property with the sender's meaning: a prefixed leftOperand as its full IRI, dct:type as its @id", async () => {
    const leftOperands = new Map<string, unknown[]>();
    const types: unknown[] = [];
    for (const s of seen) {
      const expanded = await dspExpand(s.body);
      const type = String(s.body['@type']);
      leftOperands.set(type, [...(leftOperands.get(type) ?? []), ...valuesOf(expanded, ODRL_LEFT_OPERAND)]);
      if (type === 'Catalog') types.push(...valuesOf(expanded, DCT_TYPE));
    }
    for (const type of ['Catalog', 'ContractRequestMessage', 'ContractAgreementMessage']) {
      expect(leftOperands.get(type), type).toContain('https://w3id.org/catenax/policy/Membership');
    }
    expect([...leftOperands.values()].flat().filter((iri) => !/^https?:\/\//.test(String(iri)))).toEqual([]);
    expect(new Set(types)).toEqual(new Set([SUBMODEL]));
  });
});
