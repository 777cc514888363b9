import { afterAll, beforeAll, expect, it } from 'vitest';
import { dspExpansionProblem } from '../helpers/dsp-expansion.js';
import { describeWithDspSchemas } from '../helpers/dsp-schema-location.js';
import { validateDsp } from '../helpers/dsp-schemas.js';
import { eventually } from '../helpers/eventually.js';
import type { RunningConnector } from '../helpers/start-connector.js';
import { CUT, startTckKontor } from '../helpers/start-tck-kontor.js';
import { dsp, DSP_CONTEXT, startTckPeer, TCK_AUTHORIZATION, TCK_PARTICIPANT, tckPermission, type TckPeer } from '../helpers/tck-peer.js';

type Json = Record<string, unknown>;

/** Every DSP message or answer Kontor sends: valid against the 2025-1 schema of its type, and expandable with the DSP context alone. */
async function expectConformant(type: string, json: unknown): Promise<void> {
  expect(validateDsp('2025-1', type, json).errors, `${type} against the 2025-1 schema`).toEqual([]);
  // The version document is plain JSON in 2025-1 (no @context); everything else is JSON-LD.
  if (type !== 'VersionResponse') expect(await dspExpansionProblem(json), `${type} expands with the DSP context alone`).toBeUndefined();
}

describeWithDspSchemas('Kontor in TCK mode, driven as the Eclipse DSP TCK drives it', () => {
  let kontor: RunningConnector;
  let peer: TckPeer;
  let dspBase: string;
  const hook = (path: string, body: Json, authorization = TCK_AUTHORIZATION) =>
    fetch(`${kontor.publicUrl}/tck/${path}`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const state = (kind: 'negotiations' | 'transfers', id: string, want: string) =>
    eventually(
      `${kind} ${id} ${want}`,
      async () => ((await (await kontor.api(`/api/v1/${kind}/${encodeURIComponent(id)}`)).json()) as { state: string }).state === want || undefined,
    );

  beforeAll(async () => {
    peer = await startTckPeer();
    kontor = await startTckKontor();
    dspBase = `${kontor.publicUrl}/api/dsp`;
  });
  afterAll(async () => {
    await kontor?.stop();
    await peer?.close();
  });

  it('MET 01-01: lists version 2025-1 with its path and binding', async () => {
    const res = await peer.send(`${kontor.publicUrl}/.well-known/dspace-version`, {}, 'GET');
    expect(res.status).toBe(200);
    await expectConformant('VersionResponse', res.body);
    expect(res.body.protocolVersions).toContainEqual(expect.objectContaining({ version: '2025-1', path: '/api/dsp', binding: 'HTTPS' }));
  });

  it('CAT 01-01, 01-02, 01-03: the catalog holds the seeded datasets; CAT0102 is served alone; CAT0103 is a CatalogError', async () => {
    const catalog = await peer.send(`${dspBase}/catalog/request`, { '@context': [DSP_CONTEXT], '@id': 'urn:tck:catalog-request', '@type': 'CatalogRequestMessage' });
    expect(catalog.status).toBe(200);
    await expectConformant('Catalog', catalog.body);
    expect((catalog.body.dataset as Json[]).map((d) => d['@id'])).toContain('CAT0101');
    const dataset = await peer.send(`${dspBase}/catalog/datasets/CAT0102`, {}, 'GET');
    expect(dataset.status).toBe(200);
    await expectConformant('Dataset', dataset.body);
    expect(dataset.body['@id']).toBe('CAT0102');
    const missing = await peer.send(`${dspBase}/catalog/datasets/CAT0103`, {}, 'GET');
    expect(missing.status).toBe(404);
    await expectConformant('CatalogError', missing.body);
  });

  it("CN 01-04: request under the TCK's offer id → Kontor agrees (its first agreement meets a 404 and is retried) → verified → finalized", async () => {
    peer.notReadyOnce('/negotiations/urn:tck:cn0104/agreement');
    const offer = { '@id': 'CD123:ACN0104:456', '@type': 'Offer', target: 'ACN0104', permission: tckPermission };
    const requested = await peer.send(`${dspBase}/negotiations/request`, dsp('ContractRequestMessage', { consumerPid: 'urn:tck:cn0104', offer, callbackAddress: peer.url }));
    expect(requested.status).toBe(201);
    await expectConformant('ContractNegotiation', requested.body);
    const providerPid = String(requested.body.providerPid);
    const agreement = await peer.next(/^\/negotiations\/urn:tck:cn0104\/agreement$/);
    expect(agreement.body.agreement).toMatchObject({ '@type': 'Agreement', target: 'ACN0104', assignee: TCK_PARTICIPANT, assigner: CUT, permission: [{ action: 'use' }] });
    const verified = await peer.send(
      `${dspBase}/negotiations/${providerPid}/agreement/verification`,
      dsp('ContractAgreementVerificationMessage', { providerPid, consumerPid: 'urn:tck:cn0104' }),
    );
    expect(verified.status).toBe(200);
    expect((await peer.next(/^\/negotiations\/urn:tck:cn0104\/events$/)).body).toMatchObject({ eventType: 'FINALIZED', providerPid });
    await state('negotiations', providerPid, 'FINALIZED');
  });

  it('CN_C 01-01: hook → Kontor requests → peer offers → Kontor accepts → peer agrees (no credential) → Kontor verifies → peer finalizes', async () => {
    const started = await hook('negotiations/requests', { providerId: TCK_PARTICIPANT, offerId: 'offerACNC0101', datasetId: 'ACNC0101', connectorAddress: peer.url });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    const request = await peer.next(/^\/negotiations\/request$/);
    expect(request.body).toMatchObject({ offer: { '@id': 'offerACNC0101', target: 'ACNC0101' }, consumerPid: id });
    const callback = String(request.body.callbackAddress);
    const pids = { providerPid: String(request.answer?.providerPid), consumerPid: id };
    const tckOffer = { '@id': 'offerACNC0101', '@type': 'Offer', permission: tckPermission, target: 'ACNC0101', assignee: CUT, assigner: TCK_PARTICIPANT };
    expect((await peer.send(`${callback}/negotiations/${id}/offers`, dsp('ContractOfferMessage', { ...pids, offer: tckOffer }))).status).toBe(200);
    expect((await peer.next(new RegExp(`^/negotiations/${pids.providerPid}/events$`))).body).toMatchObject({ eventType: 'ACCEPTED' });
    const agreement = {
      '@id': 'urn:tck:agreement:cnc0101',
      '@type': 'Agreement',
      target: 'ACNC0101',
      permission: tckPermission,
      timestamp: '2026-01-01T00:00:00Z',
      assignee: CUT,
      assigner: TCK_PARTICIPANT,
    };
    expect((await peer.send(`${callback}/negotiations/${id}/agreement`, dsp('ContractAgreementMessage', { ...pids, agreement, callbackAddress: peer.url }))).status).toBe(200);
    await peer.next(new RegExp(`^/negotiations/${pids.providerPid}/agreement/verification$`));
    expect((await peer.send(`${callback}/negotiations/${id}/events`, dsp('ContractNegotiationEventMessage', { ...pids, eventType: 'FINALIZED' }))).status).toBe(200);
    await state('negotiations', id, 'FINALIZED');
  });

  it("TP 01-02: pull transfer under a seeded agreement → Kontor starts with a data address → completes (the fixture's operator script)", async () => {
    const requested = await peer.send(
      `${dspBase}/transfers/request`,
      dsp('TransferRequestMessage', { consumerPid: 'urn:tck:tp0102', agreementId: 'ATP0102', format: 'HttpData-PULL', callbackAddress: peer.url }),
    );
    expect(requested.status).toBe(201);
    await expectConformant('TransferProcess', requested.body);
    const providerPid = String(requested.body.providerPid);
    const start = await peer.next(/^\/transfers\/urn:tck:tp0102\/start$/);
    expect(start.body.dataAddress).toMatchObject({ '@type': 'DataAddress', endpoint: expect.any(String) });
    expect((await peer.next(/^\/transfers\/urn:tck:tp0102\/completion$/)).body).toMatchObject({ '@type': 'TransferCompletionMessage', providerPid });
    await state('transfers', providerPid, 'COMPLETED');
  });

  it('TP_C 01-01: hook → Kontor requests → peer starts with an address without authorization → peer terminates', async () => {
    const started = await hook('transfers/requests', { providerId: TCK_PARTICIPANT, agreementId: 'ATPC0101', format: 'HttpData-PULL', connectorAddress: peer.url });
    expect(started.status).toBe(201);
    const { id } = (await started.json()) as { id: string };
    const request = await peer.next(/^\/transfers\/request$/);
    expect(request.body).toMatchObject({ agreementId: 'ATPC0101', format: 'HttpData-PULL', consumerPid: id });
    const callback = String(request.body.callbackAddress);
    const pids = { providerPid: String(request.answer?.providerPid), consumerPid: id };
    const dataAddress = { '@type': 'DataAddress', endpoint: 'http://example.com', endpointType: 'https://w3id.org/idsa/v4.1/HTTP' };
    expect((await peer.send(`${callback}/transfers/${id}/start`, dsp('TransferStartMessage', { ...pids, dataAddress }))).status).toBe(200);
    await state('transfers', id, 'STARTED');
    expect((await peer.send(`${callback}/transfers/${id}/termination`, dsp('TransferTerminationMessage', { ...pids, code: 'tck', reason: ['provider terminated'] }))).status).toBe(
      200,
    );
    await state('transfers', id, 'TERMINATED');
  });

  it('refuses a hook call with unknown fields (400, named), without the header (401), and answers its mistakes with 4xx, never 404', async () => {
    const unknown = await hook('negotiations/requests', { providerId: TCK_PARTICIPANT, offerId: 'o', datasetId: 'd', connectorAddress: peer.url, extra: 1 });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('/extra');
    expect(
      (await hook('transfers/requests', { providerId: TCK_PARTICIPANT, agreementId: 'ATPC0102', format: 'HttpData-PULL', connectorAddress: peer.url }, 'Bearer nobody x')).status,
    ).toBe(401);
    expect((await hook('transfers/requests', { providerId: 'SOMEONE_ELSE', agreementId: 'ATPC0102', format: 'HttpData-PULL', connectorAddress: peer.url })).status).toBe(400);
  });

  it('sent the peer nothing but plain DSP 2025-1: every message valid against its schema and expandable with the DSP context alone', async () => {
    const types = peer.received.map((m) => String(m.body['@type']));
    expect(new Set(types)).toEqual(
      new Set([
        'ContractAgreementMessage',
        'ContractNegotiationEventMessage',
        'ContractRequestMessage',
        'ContractAgreementVerificationMessage',
        'TransferStartMessage',
        'TransferCompletionMessage',
        'TransferRequestMessage',
      ]),
    );
    for (const m of peer.received) await expectConformant(String(m.body['@type']), m.body);
    expect(peer.received.every((m) => m.authorization === `Dev ${CUT}`)).toBe(true);
  });
});
