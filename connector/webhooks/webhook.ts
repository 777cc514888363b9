import type { StatefulEntity } from '../statemachine/stateful-entity.js';

export const WEBHOOK_EVENTS = ['negotiation.stateChanged', 'transfer.stateChanged', 'usage.escalated'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** A subscription: deliveries of the chosen events to `url`, signed with HMAC-SHA256 under `secret`. */
export interface Webhook {
  id: string;
  url: string;
  events: WebhookEvent[];
  /** Never shown after creation. */
  secret: string;
  createdAt: number;
}

/** One delivery attempt series: PENDING until the receiver answers 2xx (DELIVERED) or retries run out (FAILED). */
export interface WebhookDelivery extends StatefulEntity<'PENDING' | 'DELIVERED' | 'FAILED'> {
  webhookId: string;
  event: WebhookEvent;
  payload: Record<string, unknown>;
}

export interface WebhookStore {
  create(webhook: Webhook): Promise<void>;
  list(): Promise<Webhook[]>;
  findById(id: string): Promise<Webhook | undefined>;
  /** NOT_FOUND when unknown; pending deliveries of a deleted webhook fail. */
  delete(id: string): Promise<void>;
}
