import { notFound } from '../../../core/index.js';
import type { Webhook, WebhookDeliveryQuery, WebhookDeliveryRecord, WebhookEvent, WebhookStore, WebhookSubscription } from '../../webhooks/index.js';
import { openWithout, type FieldCipher } from '../../usage/index.js';
import type { Database } from '../database.js';
import { guarded } from '../sql-errors.js';
import { QueryTemplates } from '../query-templates.js';
import { listWebhookDeliveries } from './webhook-delivery-list.js';

type Row = Record<string, unknown>;
const bound = (id: string) => ({ table: 'webhooks', column: 'secret', id });

/**
 * Kysely implementation of the webhook subscriptions; the signing secret is sealed at rest when a cipher is given and
 * opened only by `findWithSecret` (signing a delivery): listings and reads never open it, so a secret that does not
 * open (STORE_INTEGRITY) fails only the deliveries of its own webhook.
 */
export class WebhookSqlStore implements WebhookStore {
  private readonly queries = new QueryTemplates(() => ({ database: this.database, scope: 'webhooks' }));

  constructor(
    private readonly database: Database,
    private readonly cipher?: FieldCipher,
  ) {}

  private readonly toSubscription = (r: Row): WebhookSubscription => ({
    id: String(r.id),
    url: String(r.url),
    events: String(r.events).split(',') as WebhookEvent[],
    createdAt: Number(r.created_at),
  });

  create(w: Webhook): Promise<void> {
    return guarded('webhook store', async () => {
      await this.database.db
        .insertInto('webhooks')
        .values({ id: w.id, url: w.url, events: w.events.join(','), secret: this.cipher ? this.cipher.seal(bound(w.id), w.secret) : w.secret, created_at: w.createdAt })
        .execute();
    });
  }

  list(): Promise<WebhookSubscription[]> {
    const listing = () => this.database.db.selectFrom('webhooks').select(['id', 'url', 'events', 'created_at']).orderBy('created_at').orderBy('id');
    return guarded('webhook store', async () => (await this.queries.run(this.database.db, 'list', listing, {})).rows.map(this.toSubscription));
  }

  findById(id: string): Promise<WebhookSubscription | undefined> {
    return guarded('webhook store', async () => {
      const row = await this.queries.findRow(this.database.db, 'webhooks', 'id', id);
      return row ? this.toSubscription(row) : undefined;
    });
  }

  findWithSecret(id: string): Promise<Webhook | undefined> {
    return guarded('webhook store', async () => {
      const row = await this.queries.findRow(this.database.db, 'webhooks', 'id', id);
      if (!row) return undefined;
      return { ...this.toSubscription(row), secret: String((this.cipher ? this.cipher.open : openWithout)(bound(String(row.id)), row.secret)) };
    });
  }

  delete(id: string): Promise<void> {
    return guarded('webhook store', async () => {
      const result = await this.database.db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound('webhook', id);
    });
  }

  listDeliveries(webhookId: string, query: WebhookDeliveryQuery): Promise<{ items: WebhookDeliveryRecord[]; total: number }> {
    return guarded('webhook store', () => listWebhookDeliveries(this.database, webhookId, query));
  }
}
