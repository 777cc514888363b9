export { WebhookDispatcher } from './webhook-dispatcher.js';
export type { Webhook, WebhookDelivery, WebhookEvent, WebhookStore } from './webhook.js';
