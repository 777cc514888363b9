export { WebhookDispatcher } from './webhook-dispatcher.js';
export { stateChangePayload, type StateChangeFacts } from './state-change-payload.js';
export { WEBHOOK_DELIVERY_STATES, WEBHOOK_EVENTS } from './webhook.js';
export type { Webhook, WebhookDelivery, WebhookDeliveryQuery, WebhookDeliveryStore, WebhookDeliveryRecord, WebhookEvent, WebhookStore, WebhookSubscription } from './webhook.js';
export { redelivery } from './delivery-transitions.js';
