import type { EventBus } from '../core/index.js';
import type { ConnectorMetrics } from './metrics/connector-metrics.js';
import { countTransitions } from './metrics/event-metrics.js';
import type { ContractNegotiation } from './negotiation/index.js';
import { negotiationAuditEntry } from './negotiation/index.js';
import type { NegotiationEvents } from './negotiation/index.js';
import type { RelayedRecords } from './store/sql/outbox/state-change-relay.js';
import type { StateChange } from './store/sql/outbox/state-change.js';
import { transferAuditEntry } from './transfer/index.js';
import type { TransferEvents } from './transfer/index.js';
import type { TransferProcess } from './transfer/index.js';
import { stateChangePayload } from './webhooks/index.js';

/**
 * Every negotiation and transfer state change is counted, and the outbox relay is woken: the stores wrote the change
 * to the outbox with the change itself, and the relay turns it into the audit entry and the webhook event (below;
 * the entries themselves are the features', negotiation-audit.ts and transfer-audit.ts). Wiring only.
 */
export function recordStateChanges(deps: { events: EventBus<NegotiationEvents & TransferEvents>; metrics: ConnectorMetrics; relay: { wake(): void } }): void {
  countTransitions(deps.events, deps.metrics);
  deps.events.on('negotiation.stateChanged', () => deps.relay.wake());
  deps.events.on('transfer.stateChanged', () => deps.relay.wake());
}

/** What a change from the outbox becomes; an unknown kind is an error (the row stays and is reported). */
export function stateChangeRecords({ kind, entity, ...event }: StateChange): RelayedRecords {
  if (kind === 'negotiation') {
    return {
      audit: negotiationAuditEntry({ ...event, negotiation: entity as unknown as ContractNegotiation }),
      webhook: { event: 'negotiation.stateChanged', payload: stateChangePayload(event, entity) },
    };
  }
  if (kind === 'transfer') {
    return {
      audit: transferAuditEntry({ ...event, transfer: entity as unknown as TransferProcess }),
      webhook: { event: 'transfer.stateChanged', payload: stateChangePayload(event, entity) },
    };
  }
  throw new Error(`unknown state change kind '${kind}'`);
}
