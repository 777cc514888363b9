import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import { describeWithDspSchemas } from '../helpers/dsp-schema-location.js';
import { validateDsp } from '../helpers/dsp-schemas.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const OPEN = { '@type': 'Set', permission: [{ action: 'use' }] };
let provider: RunningConnector;
let consumer: RunningConnector;
let offer: Record<string, unknown>;
let dsp: string;

/** A DSP call as a peer would make it (development identity: the caller names its DID). */
const call = (path: string, body: unknown, caller = 'did:web:127.0.0.1%3A1') =>
  fetch(`${dsp}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Dev ${caller}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });

async function error(res: Response, status: number) {
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(validateDsp('2025-1', 'ContractNegotiationError', body)).toMatchObject({ valid: true });
  return body as { reason: string[] };
}

beforeAll(async () => {
  provider = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
  consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
  dsp = `${provider.publicUrl}/api/dsp`;
  await provider.api('/api/v1/assets', { method: 'POST', json: { id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } } });
  await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: OPEN } });
  await provider.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'open', approval: 'manual' } });
  const built = toOdrlOffer(OPEN, offerId({ definitionId: 'cd', assetId: 'a1', policyHash: policyContentHash(OPEN) }), provider.connector.config.participantId);
  if (!built.ok) throw new Error(built.problem);
  offer = { ...built.offer, target: 'a1' };
});
afterAll(async () => {
  await consumer?.stop();
  await provider?.stop();
});

describeWithDspSchemas('negotiation error paths on the provider, answers checked against the upstream schemas', () => {
  it('should create once per consumerPid (idempotent), and answer 400 to invalid transitions without changing state', async () => {
    const request = { '@context': CTX, '@type': 'ContractRequestMessage', consumerPid: 'urn:uuid:c-1', offer, callbackAddress: 'http://127.0.0.1:1/cb' };
    const first = await call('/negotiations/request', request);
    expect(first.status).toBe(201);
    const ack = (await first.json()) as { providerPid: string; state: string };
    expect(validateDsp('2025-1', 'ContractNegotiation', ack)).toMatchObject({ valid: true });
    expect(ack.state).toBe('REQUESTED');
    const again = (await (await call('/negotiations/request', request)).json()) as { providerPid: string };
    expect(again.providerPid).toBe(ack.providerPid);
    const pids = { providerPid: ack.providerPid, consumerPid: 'urn:uuid:c-1' };
    await error(
      await call(`/negotiations/${encodeURIComponent(ack.providerPid)}/agreement/verification`, { '@context': CTX, '@type': 'ContractAgreementVerificationMessage', ...pids }),
      400,
    );
    await error(
      await call(`/negotiations/${encodeURIComponent(ack.providerPid)}/events`, { '@context': CTX, '@type': 'ContractNegotiationEventMessage', ...pids, eventType: 'ACCEPTED' }),
      400,
    );
    await error(
      await call(`/negotiations/${encodeURIComponent(ack.providerPid)}/events`, { '@context': CTX, '@type': 'ContractNegotiationEventMessage', ...pids, eventType: 'FINALIZED' }),
      400,
    );
    expect(((await (await call(`/negotiations/${encodeURIComponent(ack.providerPid)}`, undefined)).json()) as { state: string }).state).toBe('REQUESTED');
    expect(
      (
        await call(`/negotiations/${encodeURIComponent(ack.providerPid)}/termination`, {
          '@context': CTX,
          '@type': 'ContractNegotiationTerminationMessage',
          ...pids,
          code: 'x',
          reason: ['bye'],
        })
      ).status,
    ).toBe(200);
    await error(
      await call(`/negotiations/${encodeURIComponent(ack.providerPid)}/events`, { '@context': CTX, '@type': 'ContractNegotiationEventMessage', ...pids, eventType: 'ACCEPTED' }),
      400,
    );
    expect((await provider.api(`/api/v1/negotiations/${encodeURIComponent(ack.providerPid)}`).then((r) => r.json())) as { state: string }).toMatchObject({ state: 'TERMINATED' });
  });

  it('should answer 404 for an unknown negotiation and for a negotiation that belongs to someone else', async () => {
    await error(await call('/negotiations/urn:uuid:nothing', undefined), 404);
    const request = { '@context': CTX, '@type': 'ContractRequestMessage', consumerPid: 'urn:uuid:c-2', offer, callbackAddress: 'http://127.0.0.1:1/cb' };
    const { providerPid } = (await (await call('/negotiations/request', request)).json()) as { providerPid: string };
    const body = await error(await call(`/negotiations/${encodeURIComponent(providerPid)}`, undefined, 'did:web:127.0.0.1%3A2'), 404);
    expect(body.reason).toEqual(['not found']);
  });

  it('should answer 400 with an error body to malformed JSON, a wrong message and a missing callback', async () => {
    await error(await call('/negotiations/request', '{"@type":'), 400);
    await error(await call('/negotiations/request', { '@context': CTX, '@type': 'ContractOfferMessage', providerPid: 'x', offer }), 400);
    await error(await call('/negotiations/request', { '@context': CTX, '@type': 'ContractRequestMessage', consumerPid: 'urn:uuid:c-3', offer }), 400);
    expect((await fetch(`${dsp}/negotiations/request`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(404);
  });
});

describe('negotiation approval on the provider', () => {
  it('should wait for a manual approval and agree once approved', async () => {
    const waiting = new Promise<string>((resolve) =>
      provider.connector.events.on('negotiation.stateChanged', (e) => {
        if (e.role === 'provider' && e.to === 'REQUESTED' && !['urn:uuid:c-1', 'urn:uuid:c-2'].includes(e.negotiation.consumerPid)) resolve(e.id);
      }),
    );
    const finalized = new Promise<void>((resolve) =>
      consumer.connector.events.on('negotiation.stateChanged', (e) => {
        if (e.to === 'FINALIZED') resolve();
      }),
    );
    await consumer.api('/api/v1/negotiations', { method: 'POST', json: { counterPartyAddress: dsp, counterPartyId: provider.connector.config.participantId, offer } });
    const providerId = await waiting;
    const pending = (await (await provider.api(`/api/v1/negotiations/${encodeURIComponent(providerId)}`)).json()) as { pending: boolean };
    expect(pending.pending).toBe(true);
    expect((await provider.api(`/api/v1/negotiations/${encodeURIComponent(providerId)}/approve`, { method: 'POST' })).status).toBe(200);
    await finalized;
    expect((await provider.api(`/api/v1/negotiations/${encodeURIComponent(providerId)}/approve`, { method: 'POST' })).status).toBe(409);
  });
});
