export { WebhookDispatcher } from './webhook-dispatcher.js';
export { stateChangePayload, type StateChangeFacts } from './state-change-payload.js';
export { WEBHOOK_EVENTS } from './webhook.js';
export type { Webhook, WebhookDelivery, WebhookEvent, WebhookStore } from './webhook.js';
