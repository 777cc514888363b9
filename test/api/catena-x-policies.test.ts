import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edcSample, HAVE_EDC_SAMPLES, NO_EDC_SAMPLES_REASON } from '../helpers/edc-samples.js';
import type { LooseJson } from '../helpers/loose-json.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

type Json = LooseJson;
const CX = 'https://w3id.org/catenax/2025/9/policy/';
/** tx04 lists "BPN6789" and "..." where a user writes partner numbers; the Catena-X profile requires `BPNL` + 12 characters. */
const PARTNER = 'BPNL000000000001';

let c: RunningConnector;
beforeAll(async () => {
  c = await startConnector('sqlite');
});
afterAll(async () => c.stop());

const v3 = async (body: unknown) => {
  const res = await c.api('/management/v3/policydefinitions', { method: 'POST', json: body });
  return { status: res.status, body: (await res.json()) as Json };
};
const v1 = async (id: string, policy: unknown) => {
  const res = await c.api('/api/v1/policies', { method: 'POST', json: { id, policy } });
  return { status: res.status, body: (await res.json()) as Json };
};
const stored = async (id: string) => ((await (await c.api(`/api/v1/policies/${encodeURIComponent(id)}`)).json()) as Json).policy as Json;
const sample = (file: string, id: string, values: Record<string, string> = {}) =>
  edcSample(file, { providerDid: 'did:web:provider.example', values: { '{{POLICY_ID}}': id, ...values } }) as Json;
/** The same policy as /api/v1 takes it: the sample's `policy` with the sample's `@context`. */
const asV1 = (body: Json) => ({ '@context': body['@context'], ...body.policy });

describe.skipIf(!HAVE_EDC_SAMPLES)(`Tractus-X policy samples on both management APIs (${HAVE_EDC_SAMPLES ? 'from ../shared/edc-samples' : NO_EDC_SAMPLES_REASON})`, () => {
  it('should take tx02 and tx05 unchanged through /management/v3 and /api/v1, storing the same Catena-X IRIs', async () => {
    for (const file of ['tx02-policy-membership-deg-access.json', 'tx05-policy-cx-usage.json']) {
      const body = sample(file, `${file}-v3`);
      const created = await v3(body);
      expect(created.status, JSON.stringify(created.body)).toBe(200);
      expect(created.body['@id']).toBe(body['@id']);
      expect((await v1(`${file}-v1`, asV1(body))).status, file).toBe(201);
      expect(await stored(`${file}-v1`)).toEqual(await stored(body['@id']));
    }
    const tx02 = await stored('membership-deg');
    expect(tx02.permission[0].action).toBe(`${CX}access`);
    expect(tx02.permission[0].constraint.and.map((k: Json) => k.leftOperand)).toEqual([`${CX}Membership`, `${CX}FrameworkAgreement`]);
    const tx05 = await stored('tx05-policy-cx-usage.json-v3');
    expect(tx05.permission[0].action).toBe('use');
    expect(tx05.permission[0].constraint.and.map((k: Json) => k.leftOperand)).toEqual([`${CX}FrameworkAgreement`, `${CX}UsagePurpose`]);
  });

  it('should refuse tx04 as published, naming its placeholder partner numbers, and take it with a real BPNL on both APIs', async () => {
    const published = await v3(sample('tx04-policy-bpn-access.json', 'bpn-published'));
    expect(published.status).toBe(400);
    expect(published.body.errors).toEqual([
      { pointer: '/policy/permission/0/constraint/rightOperand', message: expect.stringMatching(/'BPN6789' is not a BPN/) },
      { pointer: '/policy/permission/0/constraint/rightOperand', message: expect.stringMatching(/'\.\.\.' is not a BPN/) },
    ]);
    const body = sample('tx04-policy-bpn-access.json', 'bpn-v3', { '"BPN6789", "..."': JSON.stringify(PARTNER) });
    expect((await v3(body)).status).toBe(200);
    expect((await v1('bpn-v1', asV1(body))).status).toBe(201);
    expect(await stored('bpn-v1')).toEqual(await stored('bpn-v3'));
    expect((await stored('bpn-v3')).permission[0].constraint).toEqual({ leftOperand: `${CX}BusinessPartnerNumber`, operator: 'isAnyOf', rightOperand: PARTNER });
  });
});

describe('Catena-X terms the engine does not know', () => {
  const context = ['https://w3id.org/dspace/2025/1/odrl-profile.jsonld', 'https://w3id.org/catenax/2025/9/policy/context.jsonld'];
  const unknown = { '@type': 'Set', permission: [{ action: 'use', constraint: { leftOperand: 'cx-policy:NoSuchTerm', operator: 'eq', rightOperand: 'x' } }] };

  it('should be a 400 naming the term on /management/v3', async () => {
    const res = await v3({ '@context': [...context, { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }], '@type': 'PolicyDefinition', '@id': 'unknown-v3', policy: unknown });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/policy/permission/0/constraint/leftOperand', message: expect.stringMatching(/cx-policy:NoSuchTerm/) })]);
  });

  it('should be a 400 naming the term on /api/v1, and a bare name the context does not define is named too', async () => {
    const res = await v1('unknown-v1', { '@context': context, ...unknown });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ pointer: expect.stringMatching(/\/permission\/0\/constraint\/leftOperand$/), message: expect.stringMatching(/cx-policy:NoSuchTerm/) }),
    ]);
    const bare = await v1('bare-v1', {
      '@context': context,
      '@type': 'Set',
      permission: [{ action: 'use', constraint: { leftOperand: 'NoSuchTerm', operator: 'eq', rightOperand: 'x' } }],
    });
    expect(bare.status).toBe(400);
    expect(JSON.stringify(bare.body.errors)).toMatch(/NoSuchTerm/);
  });

  it('should refuse, without a community context, a context the engine would ignore, naming it, and store nothing', async () => {
    for (const [id, ctx, pointer] of [
      ['evil-url', 'https://evil.example/ctx', '/@context'],
      ['evil-term', { permission: 'http://evil/x' }, '/@context/permission'],
    ] as const) {
      const res = await v1(id, { '@context': ctx, permission: [{ action: 'use' }] });
      expect([res.status, (res.body.errors as { pointer: string }[]).map((e) => e.pointer)]).toEqual([400, [pointer]]); // relative to the policy, as every policy error
      expect((await c.api(`/api/v1/policies/${id}`)).status).toBe(404);
    }
    expect((await v1('prefixed', { '@context': ['http://www.w3.org/ns/odrl.jsonld', { ex: 'https://example.org/' }], permission: [{ action: 'use' }] })).status).toBe(201);
  });

  it('should refuse a context Kontor does not ship, on /api/v1 as on /management/v3', async () => {
    const res = await v1('elsewhere', { '@context': [...context, 'https://example.org/other-context.jsonld'], '@type': 'Set', permission: [{ action: 'use' }] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({ pointer: expect.stringMatching(/@context$/), message: expect.stringMatching(/other-context\.jsonld is not available offline/) }),
    ]);
  });
});
