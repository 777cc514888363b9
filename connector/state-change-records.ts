import type { EventBus } from '../core/index.js';
import type { AuditInput } from './audit/index.js';
import type { ConnectorMetrics } from './metrics/connector-metrics.js';
import { countTransitions } from './metrics/event-metrics.js';
import { negotiationAuditEntry } from './negotiation/negotiation-audit.js';
import type { NegotiationEvents } from './negotiation/negotiation-module.js';
import { transferAuditEntry } from './transfer/transfer-audit.js';
import type { TransferEvents } from './transfer/transfer-module.js';
import type { WebhookEvent } from './webhooks/webhook.js';

/**
 * Every negotiation and transfer state change is counted, announced to webhook subscribers and written to the audit
 * log; the entries themselves are the features' (negotiation-audit.ts, transfer-audit.ts). Wiring only.
 */
export function recordStateChanges(deps: {
  events: EventBus<NegotiationEvents & TransferEvents>;
  metrics: ConnectorMetrics;
  publishWebhook: (event: WebhookEvent, data: Record<string, unknown>) => void;
  record: (input: AuditInput) => void;
}): void {
  countTransitions(deps.events, deps.metrics);
  deps.events.on('negotiation.stateChanged', (event) => {
    const { negotiation: _n, ...e } = event;
    deps.publishWebhook('negotiation.stateChanged', e);
    deps.record(negotiationAuditEntry(event));
  });
  deps.events.on('transfer.stateChanged', (event) => {
    const { transfer: _t, ...e } = event;
    deps.publishWebhook('transfer.stateChanged', e);
    deps.record(transferAuditEntry(event));
  });
}
