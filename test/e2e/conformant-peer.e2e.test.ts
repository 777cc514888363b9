import { afterAll, beforeAll, expect, it } from 'vitest';
import { dspExpansionProblem } from '../helpers/dsp-expansion.js';
import { describeWithDspSchemas } from '../helpers/dsp-schema-location.js';
import { validateDsp } from '../helpers/dsp-schemas.js';
import { eventually } from '../helpers/eventually.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { dsp, DSP_CONTEXT, startTckPeer, type TckPeer } from '../helpers/tck-peer.js';

type Json = Record<string, unknown>;
/** A DID: the management API names counterparties by DID (the TCK-mode hooks take any id). */
const PEER = 'did:web:plain-peer.example';
const path = (...parts: string[]) => new RegExp(`^/${parts.join('/')}$`);

/**
 * A spec-conformant peer without Kontor's extensions (plain DSP 2025-1 JSON, no
 * credentials) and a Kontor with the development identity and no TCK mode: catalog → negotiation → transfer → data,
 * with Kontor as provider and as consumer. (Two Kontor connectors do the same in negotiation.e2e and transfer.e2e.)
 */
describeWithDspSchemas('a spec-conformant peer and Kontor, both roles', () => {
  let kontor: RunningConnector;
  let peer: TckPeer;
  let dspBase: string;
  const permission = [{ action: 'use' }];
  const peerOffer = { '@id': 'urn:peer:offer:1', '@type': 'Offer', permission };
  const state = (kind: 'negotiations' | 'transfers', id: string, want: string) =>
    eventually(
      `${kind} ${id} ${want}`,
      async () => ((await (await kontor.api(`/api/v1/${kind}/${encodeURIComponent(id)}`)).json()) as { state: string }).state === want || undefined,
    );
  const ok = async (res: Promise<Response>) => {
    const r = await res;
    expect(r.status, await r.clone().text()).toBeLessThan(300);
    return (await r.json()) as Json;
  };

  beforeAll(async () => {
    peer = await startTckPeer({
      authorization: `Dev ${PEER}`,
      data: 'rows from the peer',
      catalog: dsp('Catalog', {
        '@id': 'urn:peer:catalog',
        participantId: PEER,
        dataset: [
          {
            '@id': 'peer-data',
            '@type': 'Dataset',
            hasPolicy: [peerOffer],
            distribution: [
              { '@type': 'Distribution', format: 'HttpData-PULL', accessService: { '@id': 'urn:peer:dsp', '@type': 'DataService', endpointURL: 'http://127.0.0.1:9/dsp' } },
            ],
          },
        ],
      }),
    });
    kontor = await startConnector('sqlite', {}, { participantId: 'KONTOR', 'stateMachine.retryBaseMs': 5, 'stateMachine.idleWaitMs': 50 });
    dspBase = `${kontor.publicUrl}/api/dsp`;
    await ok(
      kontor.api('/api/v1/assets', { method: 'POST', json: { id: 'weather', properties: { title: 'Weather' }, dataAddress: { type: 'HttpData', baseUrl: `${peer.url}/data` } } }),
    );
    await ok(kontor.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } } }));
    await ok(kontor.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'open', assetsSelector: [] } }));
  });
  afterAll(async () => {
    await kontor?.stop();
    await peer?.close();
  });

  it('Kontor the provider: catalog → request → agreement → verified → finalized → transfer → the data with the token it gave', async () => {
    const catalog = await peer.send(`${dspBase}/catalog/request`, dsp('CatalogRequestMessage', {}));
    const dataset = (catalog.body.dataset as Json[]).find((d) => d['@id'] === 'weather') as Json;
    const offer = (dataset.hasPolicy as Json[])[0] as Json;
    const consumerPid = 'urn:peer:cn:1';
    const requested = await peer.send(
      `${dspBase}/negotiations/request`,
      dsp('ContractRequestMessage', { consumerPid, offer: { ...offer, target: 'weather' }, callbackAddress: peer.url }),
    );
    expect(requested.status).toBe(201);
    const providerPid = String(requested.body.providerPid);
    const agreement = (await peer.next(path('negotiations', consumerPid, 'agreement'))).body.agreement as Json;
    await peer.send(`${dspBase}/negotiations/${providerPid}/agreement/verification`, dsp('ContractAgreementVerificationMessage', { providerPid, consumerPid }));
    await peer.next(path('negotiations', consumerPid, 'events'));
    const transfer = await peer.send(
      `${dspBase}/transfers/request`,
      dsp('TransferRequestMessage', { consumerPid: 'urn:peer:tp:1', agreementId: agreement['@id'], format: 'HttpData-PULL', callbackAddress: peer.url }),
    );
    expect(transfer.status).toBe(201);
    const address = (await peer.next(path('transfers', 'urn:peer:tp:1', 'start'))).body.dataAddress as { endpoint: string; endpointProperties: { name: string; value: string }[] };
    const token = address.endpointProperties.find((p) => p.name === 'authorization')?.value;
    const data = await fetch(address.endpoint, { headers: { authorization: `Bearer ${token}` } });
    expect(await data.text()).toBe('rows from the peer');
    const tp = { providerPid: String(transfer.body.providerPid), consumerPid: 'urn:peer:tp:1' };
    expect((await peer.send(`${dspBase}/transfers/${tp.providerPid}/completion`, dsp('TransferCompletionMessage', tp))).status).toBe(200);
    await state('transfers', tp.providerPid, 'COMPLETED');
  });

  it("Kontor the consumer: its catalog request → request → the peer's agreement (no credential) → verified → finalized → transfer → a start without a token", async () => {
    const n = await ok(kontor.api('/api/v1/negotiations', { method: 'POST', json: { counterPartyAddress: peer.url, counterPartyId: PEER, offerId: 'urn:peer:offer:1' } }));
    const id = String(n.id);
    const request = await peer.next(path('negotiations', 'request'));
    expect(request.body.offer).toMatchObject({ '@id': 'urn:peer:offer:1', target: 'peer-data' });
    const pids = { providerPid: String(request.answer?.providerPid), consumerPid: id };
    const agreement = {
      '@id': 'urn:peer:agreement:1',
      '@type': 'Agreement',
      target: 'peer-data',
      permission,
      timestamp: '2026-01-01T00:00:00Z',
      assigner: PEER,
      assignee: 'KONTOR',
    };
    expect((await peer.send(`${dspBase}/negotiations/${id}/agreement`, dsp('ContractAgreementMessage', { ...pids, agreement, callbackAddress: peer.url }))).status).toBe(200);
    await peer.next(path('negotiations', pids.providerPid, 'agreement', 'verification'));
    await peer.send(`${dspBase}/negotiations/${id}/events`, dsp('ContractNegotiationEventMessage', { ...pids, eventType: 'FINALIZED' }));
    await state('negotiations', id, 'FINALIZED');

    const t = await ok(kontor.api('/api/v1/transfers', { method: 'POST', json: { agreementId: 'urn:peer:agreement:1', transferType: 'HttpData-PULL' } }));
    const tid = String(t.id);
    const treq = await peer.next(path('transfers', 'request'));
    const tp = { providerPid: String(treq.answer?.providerPid), consumerPid: tid };
    const dataAddress = { '@type': 'DataAddress', endpoint: `${peer.url}/data`, endpointType: 'https://w3id.org/idsa/v4.1/HTTP' };
    expect((await peer.send(`${dspBase}/transfers/${tid}/start`, dsp('TransferStartMessage', { ...tp, dataAddress }))).status).toBe(200);
    const edr = await ok(kontor.api(`/api/v1/transfers/${encodeURIComponent(tid)}/edr`));
    expect(edr.token ?? null).toBeNull();
    expect(await (await fetch(String(edr.endpoint))).text()).toBe('rows from the peer');
    await peer.send(`${dspBase}/transfers/${tid}/completion`, dsp('TransferCompletionMessage', tp));
    await state('transfers', tid, 'COMPLETED');
  });

  it('sent the peer nothing but plain DSP 2025-1', async () => {
    expect(new Set(peer.received.map((m) => m.body['@type']))).toContain('CatalogRequestMessage');
    for (const m of peer.received) {
      expect(validateDsp('2025-1', String(m.body['@type']), m.body).errors, m.path).toEqual([]);
      expect(await dspExpansionProblem(m.body), m.path).toBeUndefined();
    }
    expect(DSP_CONTEXT).toBe('https://w3id.org/dspace/2025/1/context.jsonld');
  });
});
