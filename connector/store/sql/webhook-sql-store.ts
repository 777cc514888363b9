import { notFound } from '../../../core/index.js';
import type { Webhook, WebhookEvent, WebhookStore } from '../../webhooks/webhook.js';
import type { Database } from './database.js';
import { guarded } from './sql-errors.js';

type Row = Record<string, unknown>;
const toWebhook = (r: Row): Webhook => ({ id: String(r.id), url: String(r.url), events: String(r.events).split(',') as WebhookEvent[], secret: String(r.secret), createdAt: Number(r.created_at) });

/** Kysely implementation of the webhook subscriptions. */
export class WebhookSqlStore implements WebhookStore {
  constructor(private readonly database: Database) {}

  create(w: Webhook): Promise<void> {
    return guarded('webhook store', async () => {
      await this.database.db.insertInto('webhooks').values({ id: w.id, url: w.url, events: w.events.join(','), secret: w.secret, created_at: w.createdAt }).execute();
    });
  }

  list(): Promise<Webhook[]> {
    return guarded('webhook store', async () => (await this.database.db.selectFrom('webhooks').selectAll().orderBy('created_at').orderBy('id').execute()).map(toWebhook));
  }

  findById(id: string): Promise<Webhook | undefined> {
    return guarded('webhook store', async () => {
      const row = await this.database.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toWebhook(row) : undefined;
    });
  }

  delete(id: string): Promise<void> {
    return guarded('webhook store', async () => {
      const result = await this.database.db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw notFound('webhook', id);
    });
  }
}
