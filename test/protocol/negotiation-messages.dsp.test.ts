import { afterAll, beforeAll, expect, it } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import type { ConnectorEvents } from '../../connector/connector.js';
import { checkNegotiationMessage } from '../../connector/negotiation/negotiation-message-checks.js';
import { describeWithDspSchemas } from '../helpers/dsp-schema-location.js';
import { DSP_EXAMPLES, readDspExample, validateDspEverywhere } from '../helpers/dsp-schemas.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { recordWire } from '../helpers/wire-recorder.js';

interface Exchange {
  url: string;
  sent: unknown;
  status: number;
  received: unknown;
}

const policy = {
  '@type': 'Set',
  permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: 'https://w3id.org/kontor/purpose/research' }] }],
};
let provider: RunningConnector;
let consumer: RunningConnector;
let offer: Record<string, unknown>;
let wire: ReturnType<typeof recordWire> | undefined;
const json = (text: string): unknown => (text ? JSON.parse(text) : undefined);
/** The exchanges recorded, their bodies parsed. */
const exchanges = (): Exchange[] => (wire?.exchanges ?? []).map((e) => ({ url: e.url, sent: json(e.sent), status: e.status, received: json(e.received) }));

/** Resolves when a consumer negotiation ends (FINALIZED or TERMINATED). */
const ended = (c: RunningConnector) =>
  new Promise<ConnectorEvents['negotiation.stateChanged']>((resolve) => {
    const off = c.connector.events.on('negotiation.stateChanged', (e) => {
      if (e.role === 'consumer' && (e.to === 'FINALIZED' || e.to === 'TERMINATED')) {
        off();
        resolve(e);
      }
    });
  });

beforeAll(async () => {
  // Record every negotiation message the two connectors exchange (both answer in this process).
  wire = recordWire((url) => url.includes('/api/dsp/negotiations'));
  provider = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
  consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
  await provider.api('/api/v1/assets', { method: 'POST', json: { id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } } });
  await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'p', policy } });
  await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } } });
  await provider.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'p' } });
  const built = toOdrlOffer(policy, offerId({ definitionId: 'cd', assetId: 'a1', policyHash: policyContentHash(policy) }), provider.connector.config.participantId);
  if (!built.ok) throw new Error(built.problem);
  offer = { ...built.offer, target: 'a1' };
  const start = (o: Record<string, unknown>) =>
    consumer.api('/api/v1/negotiations', {
      method: 'POST',
      json: { counterPartyAddress: `${provider.publicUrl}/api/dsp`, counterPartyId: provider.connector.config.participantId, offer: o },
    });
  // 1. straight to agreement; 2. a changed offer (the provider counter-offers); 3. an unknown offer (an error reply);
  // 4. a negotiation the consumer terminates while it waits for a manual approval.
  const outcomes: string[] = [];
  for (const o of [offer, { ...offer, permission: [{ action: 'use' }] }, { ...offer, '@id': 'urn:kontor:offer:unknown' }]) {
    const done = ended(consumer);
    await start(o);
    outcomes.push((await done).to);
  }
  expect(outcomes).toEqual(['FINALIZED', 'FINALIZED', 'TERMINATED']);
  await provider.api('/api/v1/contract-definitions/cd', { method: 'PUT', json: { accessPolicyId: 'open', contractPolicyId: 'p', approval: 'manual' } });
  const waiting = new Promise<void>((resolve) =>
    provider.connector.events.on('negotiation.stateChanged', (e) => {
      if (e.to === 'REQUESTED') resolve();
    }),
  );
  const { id } = (await (await start(offer)).json()) as { id: string };
  await waiting;
  const done = ended(consumer);
  await consumer.api(`/api/v1/negotiations/${encodeURIComponent(id)}/terminate`, { method: 'POST', json: { reason: 'changed our mind' } });
  await done;
});
afterAll(async () => {
  wire?.stop();
  await consumer?.stop();
  await provider?.stop();
});

describeWithDspSchemas('negotiation messages on the wire', () => {
  it('should exchange every negotiation message type, each valid against the 2025-1 and TCK schemas', () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    for (const e of exchanges()) {
      for (const body of [e.sent, e.received]) {
        const type = (body as { '@type'?: string } | undefined)?.['@type'];
        if (!type) continue;
        seen.add(type);
        for (const [set, result] of Object.entries(validateDspEverywhere(type, body))) {
          if (!result?.valid) problems.push(`${type} (${set}) from ${e.url}: ${JSON.stringify(result?.errors)}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect([...seen].sort()).toEqual([
      'ContractAgreementMessage',
      'ContractAgreementVerificationMessage',
      'ContractNegotiation',
      'ContractNegotiationError',
      'ContractNegotiationEventMessage',
      'ContractNegotiationTerminationMessage',
      'ContractOfferMessage',
      'ContractRequestMessage',
    ]);
  });

  it('should accept every upstream example of the messages it receives', () => {
    const inbound = [
      'ContractRequestMessage',
      'ContractOfferMessage',
      'ContractAgreementMessage',
      'ContractAgreementVerificationMessage',
      'ContractNegotiationEventMessage',
      'ContractNegotiationTerminationMessage',
    ];
    for (const [path, type] of Object.entries(DSP_EXAMPLES).filter(([, t]) => inbound.includes(t))) {
      expect(() => checkNegotiationMessage(type as never, readDspExample(path)), path).not.toThrow();
    }
  });
});
