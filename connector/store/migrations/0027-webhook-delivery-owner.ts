import type { Migration } from './migration.js';

/**
 * A webhook's deliveries by their webhook, in listing order: `GET /api/v1/webhooks/{id}/deliveries` filters on the
 * webhook id inside each row's body and read every delivery of every webhook to find one's. The index is on that same
 * expression (webhook-delivery-list.ts must keep writing it so, or the planner cannot use it), then `created_at, id`.
 */
export const webhookDeliveryOwner: Migration = {
  version: 27,
  name: 'webhook-delivery-owner',
  sqlite: [`CREATE INDEX webhook_deliveries_owner ON webhook_deliveries(json_extract(body, '$.webhookId'), created_at, id)`],
  postgres: [`CREATE INDEX webhook_deliveries_owner ON webhook_deliveries((body->>'webhookId'), created_at, id)`],
};
