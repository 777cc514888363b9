import { afterAll, beforeAll, expect, it } from 'vitest';
import { dspExpansionProblem } from '../helpers/dsp-expansion.js';
import { describeWithDspSchemas } from '../helpers/dsp-schema-location.js';
import { validateDsp } from '../helpers/dsp-schemas.js';
import { eventually } from '../helpers/eventually.js';
import type { RunningConnector } from '../helpers/start-connector.js';
import { CUT, startTckKontor } from '../helpers/start-tck-kontor.js';
import { dsp, startTckPeer, TCK_AUTHORIZATION, TCK_PARTICIPANT, tckPermission, type TckPeer } from '../helpers/tck-peer.js';

type Json = Record<string, unknown>;
const path = (...parts: string[]) => new RegExp(`^/${parts.join('/')}$`);

/**
 * The behaviours examples/tck/fixtures.json gives Kontor through data alone: a contract policy that differs from the
 * TCK's request (Kontor offers), one that denies (Kontor terminates), and operator scripts (Kontor acts on its own).
 */
describeWithDspSchemas('TCK scenarios that the fixtures drive', () => {
  let kontor: RunningConnector;
  let peer: TckPeer;
  let dspBase: string;
  const state = (kind: 'negotiations' | 'transfers', id: string, want: string) =>
    eventually(
      `${kind} ${id} ${want}`,
      async () => ((await (await kontor.api(`/api/v1/${kind}/${encodeURIComponent(id)}`)).json()) as { state: string }).state === want || undefined,
    );
  const request = async (dataset: string, consumerPid: string) => {
    const offer = { '@id': `CD123:${dataset}:456`, '@type': 'Offer', target: dataset, permission: tckPermission };
    const res = await peer.send(`${dspBase}/negotiations/request`, dsp('ContractRequestMessage', { consumerPid, offer, callbackAddress: peer.url }));
    expect(res.status).toBe(201);
    return String(res.body.providerPid);
  };
  const hook = async (kind: 'negotiations' | 'transfers', body: Json) => {
    const res = await fetch(`${kontor.publicUrl}/tck/${kind}/requests`, {
      method: 'POST',
      headers: { authorization: TCK_AUTHORIZATION, 'content-type': 'application/json' },
      body: JSON.stringify({ providerId: TCK_PARTICIPANT, connectorAddress: peer.url, ...body }),
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const received = await peer.next(path(kind, 'request'));
    return { id, callback: String(received.body.callbackAddress), pids: { providerPid: String(received.answer?.providerPid), consumerPid: id } };
  };

  beforeAll(async () => {
    peer = await startTckPeer();
    kontor = await startTckKontor();
    dspBase = `${kontor.publicUrl}/api/dsp`;
  });
  afterAll(async () => {
    await kontor?.stop();
    await peer?.close();
  });

  it('CN 01-03: a contract policy other than the request → Kontor offers → peer accepts → agreement → verified → finalized', async () => {
    const providerPid = await request('ACN0103', 'urn:tck:cn0103');
    const offer = await peer.next(path('negotiations', 'urn:tck:cn0103', 'offers'));
    expect(offer.body.offer).toMatchObject({ '@type': 'Offer', target: 'ACN0103', assigner: CUT });
    await peer.send(`${dspBase}/negotiations/${providerPid}/events`, dsp('ContractNegotiationEventMessage', { providerPid, consumerPid: 'urn:tck:cn0103', eventType: 'ACCEPTED' }));
    await peer.next(path('negotiations', 'urn:tck:cn0103', 'agreement'));
    await peer.send(`${dspBase}/negotiations/${providerPid}/agreement/verification`, dsp('ContractAgreementVerificationMessage', { providerPid, consumerPid: 'urn:tck:cn0103' }));
    expect((await peer.next(path('negotiations', 'urn:tck:cn0103', 'events'))).body.eventType).toBe('FINALIZED');
  });

  it('CN 02-01: a contract policy that denies the TCK → Kontor terminates', async () => {
    const providerPid = await request('ACN0201', 'urn:tck:cn0201');
    expect((await peer.next(path('negotiations', 'urn:tck:cn0201', 'termination'))).body).toMatchObject({ '@type': 'ContractNegotiationTerminationMessage', providerPid });
  });

  it('CN 02-05: Kontor offers, then its operator script terminates', async () => {
    await request('ACN0205', 'urn:tck:cn0205');
    await peer.next(path('negotiations', 'urn:tck:cn0205', 'offers'));
    await peer.next(path('negotiations', 'urn:tck:cn0205', 'termination'));
  });

  it('CN_C 01-02: peer offers → Kontor (script) counter-offers → peer terminates', async () => {
    const { id, callback, pids } = await hook('negotiations', { offerId: 'offerACNC0102', datasetId: 'ACNC0102' });
    const offer = { '@id': 'offerACNC0102', '@type': 'Offer', permission: tckPermission, target: 'ACNC0102', assignee: CUT, assigner: TCK_PARTICIPANT };
    expect((await peer.send(`${callback}/negotiations/${id}/offers`, dsp('ContractOfferMessage', { ...pids, offer }))).status).toBe(200);
    const counter = await peer.next(path('negotiations', pids.providerPid, 'request'));
    expect(counter.body).toMatchObject({ '@type': 'ContractRequestMessage', ...pids, offer: { target: 'ACNC0102' } });
    await peer.send(`${callback}/negotiations/${id}/termination`, dsp('ContractNegotiationTerminationMessage', { ...pids, code: 'tck', reason: ['provider terminated'] }));
    await state('negotiations', id, 'TERMINATED');
  });

  it('CN_C 01-03: peer offers → Kontor (script) terminates', async () => {
    const { id, callback, pids } = await hook('negotiations', { offerId: 'offerACNC0103', datasetId: 'ACNC0103' });
    const offer = { '@id': 'offerACNC0103', '@type': 'Offer', permission: tckPermission, target: 'ACNC0103', assignee: CUT, assigner: TCK_PARTICIPANT };
    await peer.send(`${callback}/negotiations/${id}/offers`, dsp('ContractOfferMessage', { ...pids, offer }));
    await peer.next(path('negotiations', pids.providerPid, 'termination'));
    await state('negotiations', id, 'TERMINATED');
  });

  it('TP 01-04: started → Kontor (script) suspends → resumes (start again) → completes', async () => {
    const res = await peer.send(
      `${dspBase}/transfers/request`,
      dsp('TransferRequestMessage', { consumerPid: 'urn:tck:tp0104', agreementId: 'ATP0104', format: 'HttpData-PULL', callbackAddress: peer.url }),
    );
    expect(res.status).toBe(201);
    for (const step of ['start', 'suspension', 'start', 'completion']) await peer.next(path('transfers', 'urn:tck:tp0104', step));
    await state('transfers', String(res.body.providerPid), 'COMPLETED');
  });

  it('TP_C 02-04: peer starts → Kontor (script) suspends → resumes → completes', async () => {
    const { id, callback, pids } = await hook('transfers', { agreementId: 'ATPC0204', format: 'HttpData-PULL' });
    const dataAddress = { '@type': 'DataAddress', endpoint: 'http://example.com', endpointType: 'https://w3id.org/idsa/v4.1/HTTP' };
    await peer.send(`${callback}/transfers/${id}/start`, dsp('TransferStartMessage', { ...pids, dataAddress }));
    await peer.next(path('transfers', pids.providerPid, 'suspension'));
    await peer.next(path('transfers', pids.providerPid, 'start'));
    await peer.send(`${callback}/transfers/${id}/start`, dsp('TransferStartMessage', { ...pids, dataAddress }));
    await peer.next(path('transfers', pids.providerPid, 'completion'));
    await state('transfers', id, 'COMPLETED');
  });

  const send = (path2: string, type: string, fields: Json) => peer.send(`${dspBase}/${path2}`, dsp(type, fields));

  it('CN 01-02: Kontor offers → the TCK counter-offers → Kontor (script) terminates', async () => {
    const providerPid = await request('ACN0102', 'urn:tck:cn0102');
    await peer.next(path('negotiations', 'urn:tck:cn0102', 'offers'));
    const counter = { '@id': 'CD123:ACN0102:456', '@type': 'Offer', permission: tckPermission, target: 'ACN0102', assigner: CUT, assignee: TCK_PARTICIPANT };
    expect((await send(`negotiations/${providerPid}/request`, 'ContractRequestMessage', { providerPid, consumerPid: 'urn:tck:cn0102', offer: counter })).status).toBe(200);
    await peer.next(path('negotiations', 'urn:tck:cn0102', 'termination'));
  });

  it('CN 02-02: manual approval → Kontor waits → the TCK terminates', async () => {
    const providerPid = await request('ACN0202', 'urn:tck:cn0202');
    expect(
      (
        await send(`negotiations/${providerPid}/termination`, 'ContractNegotiationTerminationMessage', {
          providerPid,
          consumerPid: 'urn:tck:cn0202',
          code: 'tck',
          reason: ['consumer terminated'],
        })
      ).status,
    ).toBe(200);
    await state('negotiations', providerPid, 'TERMINATED');
  });

  it('CN 02-06: offer → accepted → Kontor (manual + script) terminates', async () => {
    const providerPid = await request('ACN0206', 'urn:tck:cn0206');
    await peer.next(path('negotiations', 'urn:tck:cn0206', 'offers'));
    expect(
      (await send(`negotiations/${providerPid}/events`, 'ContractNegotiationEventMessage', { providerPid, consumerPid: 'urn:tck:cn0206', eventType: 'ACCEPTED' })).status,
    ).toBe(200);
    await peer.next(path('negotiations', 'urn:tck:cn0206', 'termination'));
  });

  it('CN 03-03: offer → accepted (Kontor waits for approval) → a verification is refused with 4xx, not 404', async () => {
    const providerPid = await request('ACN0303', 'urn:tck:cn0303');
    await peer.next(path('negotiations', 'urn:tck:cn0303', 'offers'));
    await send(`negotiations/${providerPid}/events`, 'ContractNegotiationEventMessage', { providerPid, consumerPid: 'urn:tck:cn0303', eventType: 'ACCEPTED' });
    const verified = await send(`negotiations/${providerPid}/agreement/verification`, 'ContractAgreementVerificationMessage', { providerPid, consumerPid: 'urn:tck:cn0303' });
    expect(verified.status, JSON.stringify(verified.body)).toBeGreaterThanOrEqual(400);
    expect(verified.status).toBeLessThan(500);
    expect(verified.status).not.toBe(404);
  });

  it('CN_C 02-02: request → Kontor (script) terminates', async () => {
    const { pids } = await hook('negotiations', { offerId: 'offerACNC0202', datasetId: 'ACNC0202' });
    await peer.next(path('negotiations', pids.providerPid, 'termination'));
  });

  it('TP_C 02-05: request → Kontor (script) terminates', async () => {
    const { pids } = await hook('transfers', { agreementId: 'ATPC0205', format: 'HttpData-PULL' });
    await peer.next(path('transfers', pids.providerPid, 'termination'));
  });

  it('TP 01-01 and 01-03: started → Kontor (script) terminates; started → suspends → terminates', async () => {
    await send('transfers/request', 'TransferRequestMessage', { consumerPid: 'urn:tck:tp0101', agreementId: 'ATP0101', format: 'HttpData-PULL', callbackAddress: peer.url });
    for (const step of ['start', 'termination']) await peer.next(path('transfers', 'urn:tck:tp0101', step));
    await send('transfers/request', 'TransferRequestMessage', { consumerPid: 'urn:tck:tp0103', agreementId: 'ATP0103', format: 'HttpData-PULL', callbackAddress: peer.url });
    for (const step of ['start', 'suspension', 'termination']) await peer.next(path('transfers', 'urn:tck:tp0103', step));
  });

  it('sent nothing but plain DSP 2025-1', async () => {
    expect(peer.received.length).toBeGreaterThan(15);
    for (const m of peer.received) {
      expect(validateDsp('2025-1', String(m.body['@type']), m.body).errors, m.path).toEqual([]);
      expect(await dspExpansionProblem(m.body), `${m.path} ${JSON.stringify(m.body)}`).toBeUndefined();
    }
  });
});
