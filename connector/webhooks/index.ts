export { WebhookDispatcher } from './webhook-dispatcher.js';
export { WEBHOOK_EVENTS } from './webhook.js';
export type { Webhook, WebhookDelivery, WebhookEvent, WebhookStore } from './webhook.js';
