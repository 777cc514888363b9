import { code, facts, h } from './dom.js';
import { link } from './page.js';
import { enc } from './api.js';

export interface Negotiation {
  id: string;
  role: string;
  state: string;
  protocolState: string;
  pending: boolean;
  counterPartyId: string;
  counterPartyAddress?: string;
  offer: Record<string, unknown>;
  assetId?: string | null;
  agreementId?: string | null;
  errorDetail?: string | null;
  terminationReason?: string | null;
  history: { state: string; at: string; cause?: string }[];
}

/** A negotiation's facts; a transfer is offered on its agreement only where this connector is the consumer. */
export function negotiationFacts(n: Negotiation): HTMLDListElement {
  const agreement = n.agreementId
    ? h('span', {}, code(n.agreementId), n.role === 'consumer' ? h('span', {}, ' ', link(`#/transfers?agreement=${enc(n.agreementId)}`, 'Start a transfer')) : null)
    : '—';
  return facts([
    ['State', h('span', { 'data-testid': 'negotiation-state' }, n.state)],
    ['Protocol state', n.protocolState],
    ['Role', n.role],
    ['Waiting for you', n.pending ? 'yes' : 'no'],
    ['Counterparty', code(n.counterPartyId)],
    ['Asset', n.assetId ?? '—'],
    ['Error', n.errorDetail ?? '—'],
    ['Termination reason', h('span', { 'data-testid': 'termination-reason' }, n.terminationReason ?? '—')],
    ['Agreement', agreement],
  ]);
}
