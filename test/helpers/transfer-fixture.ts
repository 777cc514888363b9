import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import type { ConnectorEvents } from '../../connector/connector.js';
import type { RunningConnector } from './start-connector.js';

export const RESEARCH = 'https://w3id.org/kontor/purpose/research';
export const researchPolicy = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: RESEARCH }] }] };

type TransferEvent = ConnectorEvents['transfer.stateChanged'];
type NegotiationEvent = ConnectorEvents['negotiation.stateChanged'];

/** Resolves on the first transfer state change that matches (event-driven; bounded by the test timeout). */
export function transferReached(c: RunningConnector, predicate: (e: TransferEvent) => boolean): Promise<TransferEvent> {
  return new Promise((resolve) => {
    const off = c.connector.events.on('transfer.stateChanged', (e) => {
      if (predicate(e)) {
        off();
        resolve(e);
      }
    });
  });
}

export function negotiationReached(c: RunningConnector, predicate: (e: NegotiationEvent) => boolean): Promise<NegotiationEvent> {
  return new Promise((resolve) => {
    const off = c.connector.events.on('negotiation.stateChanged', (e) => {
      if (predicate(e)) {
        off();
        resolve(e);
      }
    });
  });
}

async function ok(res: Promise<Response>): Promise<Response> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${r.url} answered ${r.status}: ${await r.text()}`);
  return r;
}

/** Offers each asset (a `File` data address below the provider's data root) under the research-purpose contract policy. */
export async function offerFiles(provider: RunningConnector, assets: { id: string; path: string; mediaType?: string }[]): Promise<void> {
  for (const a of assets) {
    await ok(
      provider.api('/api/v1/assets', {
        method: 'POST',
        json: { id: a.id, properties: { title: a.id, mediaType: a.mediaType ?? 'application/octet-stream' }, dataAddress: { type: 'File', path: a.path } },
      }),
    );
  }
  await ok(provider.api('/api/v1/policies', { method: 'POST', json: { id: 'research', policy: researchPolicy } }));
  await ok(provider.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } } }));
  await ok(provider.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'research', assetsSelector: [] } }));
}

/** Negotiates the asset's offer to FINALIZED on both sides; returns the agreement id. */
export async function negotiate(consumer: RunningConnector, provider: RunningConnector, assetId: string): Promise<string> {
  const id = offerId({ definitionId: 'cd', assetId, policyHash: policyContentHash(researchPolicy) });
  const built = toOdrlOffer(researchPolicy, id, provider.connector.config.participantId);
  if (!built.ok) throw new Error(built.problem);
  const consumerDone = negotiationReached(consumer, (e) => e.to === 'FINALIZED' && e.role === 'consumer' && e.negotiation.offer['@id'] === id);
  const providerDone = negotiationReached(provider, (e) => e.to === 'FINALIZED' && e.role === 'provider' && e.negotiation.offer['@id'] === id);
  const res = await ok(
    consumer.api('/api/v1/negotiations', {
      method: 'POST',
      json: { counterPartyAddress: `${provider.publicUrl}/api/dsp`, counterPartyId: provider.connector.config.participantId, offer: { ...built.offer, target: assetId } },
    }),
  );
  const { id: negotiationId } = (await res.json()) as { id: string };
  const [done] = await Promise.all([consumerDone, providerDone]);
  if (done.id !== negotiationId || !done.negotiation.agreementId) throw new Error('unexpected negotiation');
  return done.negotiation.agreementId;
}

/** Starts a transfer through the consumer's management API and waits until both sides reach `until`. */
export async function startTransfer(
  consumer: RunningConnector,
  provider: RunningConnector,
  body: Record<string, unknown>,
  until = 'STARTED',
): Promise<{ id: string; providerPid: string }> {
  const consumerAt = transferReached(consumer, (e) => e.role === 'consumer' && e.to === until);
  const providerAt = transferReached(
    provider,
    (e) => e.role === 'provider' && e.transfer.agreementId === body.agreementId && (e.to === until || (until === 'STARTED' && e.to === 'COMPLETING')),
  );
  const res = await ok(consumer.api('/api/v1/transfers', { method: 'POST', json: body }));
  const { id } = (await res.json()) as { id: string };
  const [c] = await Promise.all([consumerAt, providerAt]);
  if (c.id !== id || !c.transfer.providerPid) throw new Error(`unexpected transfer ${c.id}`);
  return { id, providerPid: c.transfer.providerPid };
}

/** The consumer's endpoint data reference. */
export async function edr(consumer: RunningConnector, id: string): Promise<{ endpoint: string; token: string; expiresAt: string | null }> {
  return (await (await ok(consumer.api(`/api/v1/transfers/${encodeURIComponent(id)}/edr`))).json()) as { endpoint: string; token: string; expiresAt: string | null };
}

export const pull = (e: { endpoint: string; token: string }, token = e.token) => fetch(e.endpoint, { headers: { authorization: `Bearer ${token}` } });

/**
 * Negotiates the research offer of asset `big` (definition `cd`) with `provider` at `dspUrl` and starts a pull;
 * waits on the consumer only (behind replicas, any of them may run the provider's steps).
 */
export async function pullResearchData(consumer: RunningConnector, dspUrl: string, provider: string): Promise<{ id: string; providerPid: string; agreementId: string }> {
  const built = toOdrlOffer(researchPolicy, offerId({ definitionId: 'cd', assetId: 'big', policyHash: policyContentHash(researchPolicy) }), provider);
  if (!built.ok) throw new Error(built.problem);
  const finalized = negotiationReached(consumer, (e) => e.to === 'FINALIZED' && Boolean(e.negotiation.agreementId));
  const n = await consumer.api('/api/v1/negotiations', {
    method: 'POST',
    json: { counterPartyAddress: dspUrl, counterPartyId: provider, offer: { ...built.offer, target: 'big' } },
  });
  if (n.status !== 201) throw new Error(`negotiation refused: ${n.status} ${await n.text()}`);
  const agreementId = String((await finalized).negotiation.agreementId);
  const started = transferReached(consumer, (e) => e.role === 'consumer' && e.to === 'STARTED' && e.transfer.agreementId === agreementId);
  const t = await consumer.api('/api/v1/transfers', { method: 'POST', json: { counterPartyAddress: dspUrl, agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH } });
  if (t.status !== 201) throw new Error(`transfer refused: ${t.status} ${await t.text()}`);
  const s = await started;
  return { id: s.id, providerPid: String(s.transfer.providerPid), agreementId };
}
