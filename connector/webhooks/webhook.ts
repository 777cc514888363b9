import type { StatefulEntity } from '../statemachine/stateful-entity.js';
import type { StateEntityStore } from '../statemachine/state-entity-store.js';

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

/** A subscription as listed and read: everything but its signing secret, which only the signing of a delivery opens. */
export type WebhookSubscription = Omit<Webhook, 'secret'>;

export const WEBHOOK_DELIVERY_STATES = ['PENDING', 'DELIVERED', 'FAILED'] as const;

/** One delivery attempt series: PENDING until the receiver answers 2xx (DELIVERED) or retries run out (FAILED). */
export interface WebhookDelivery extends StatefulEntity<(typeof WEBHOOK_DELIVERY_STATES)[number]> {
  webhookId: string;
  event: WebhookEvent;
  payload: Record<string, unknown>;
  /** Sending attempts made, recorded when the delivery ends (while PENDING: `stateCount - 1`). */
  attempts?: number;
  /** The receiver's answer to the attempt that delivered it. */
  lastStatus?: number;
}

/** A delivery as listed: its progress without its payload. */
export type WebhookDeliveryRecord = Omit<WebhookDelivery, 'payload' | 'outboxRecords'>;

export interface WebhookDeliveryQuery {
  states?: readonly WebhookDelivery['state'][];
  offset: number;
  limit: number;
}

export interface WebhookStore {
  create(webhook: Webhook): Promise<void>;
  /** The subscriptions without their secrets: a secret that does not open (STORE_INTEGRITY) does not fail a listing. */
  list(): Promise<WebhookSubscription[]>;
  findById(id: string): Promise<WebhookSubscription | undefined>;
  /** The webhook with its signing secret opened, to sign a delivery (nothing else needs it); STORE_INTEGRITY when it does not open. */
  findWithSecret(id: string): Promise<Webhook | undefined>;
  /** NOT_FOUND when unknown; pending deliveries of a deleted webhook fail. */
  delete(id: string): Promise<void>;
  /** The webhook's deliveries, oldest first, without their payloads. */
  listDeliveries(webhookId: string, query: WebhookDeliveryQuery): Promise<{ items: WebhookDeliveryRecord[]; total: number }>;
}

/** The deliveries, as the webhooks loop leases and saves them. */
export type WebhookDeliveryStore = StateEntityStore<WebhookDelivery>;
