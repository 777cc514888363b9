import { CompiledQuery } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from '../../connector/store/database.js';
import { deliveriesOf, listWebhookDeliveries } from '../../connector/store/sql/webhook-delivery-list.js';
import { freshDatabase, type Backend } from '../helpers/test-database.js';

/** A delivery row as the dispatcher's state-entity store writes it (the body holds the webhook id). */
const row = (id: string, webhookId: string, createdAt: number, state = 'PENDING') => ({
  id,
  state,
  state_count: 1,
  state_timestamp: createdAt,
  next_attempt_at: createdAt,
  pending: 0,
  version: 1,
  created_at: createdAt,
  updated_at: createdAt,
  body: JSON.stringify({ webhookId, event: { type: 'transfer.stateChanged', id: `e-${id}` }, attempts: 0 }),
});

/** A webhook's deliveries (GET /api/v1/webhooks/{id}/deliveries) are read through their own index (migration 0027). */
export function webhookDeliveriesContract(backend: Backend): void {
  let database: Database;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ database, cleanup } = await freshDatabase(backend));
  });
  afterEach(async () => cleanup());

  it("should list one webhook's deliveries in creation order, filtered by state, paged, and count them", async () => {
    const rows = [row('d3', 'w1', 30), row('d1', 'w1', 10, 'DELIVERED'), row('x1', 'w2', 5), row('d2', 'w1', 20), row('x2', 'w2', 15, 'FAILED')];
    await database.db.insertInto('webhook_deliveries').values(rows).execute();
    const all = await listWebhookDeliveries(database, 'w1', { offset: 0, limit: 10 });
    expect(all.items.map((d) => d.id)).toEqual(['d1', 'd2', 'd3']);
    expect(all.total).toBe(3);
    expect(all.items.every((d) => d.webhookId === 'w1')).toBe(true);
    const pending = await listWebhookDeliveries(database, 'w1', { offset: 1, limit: 1, states: ['PENDING'] });
    expect(pending).toMatchObject({ items: [{ id: 'd3' }], total: 2 });
    expect((await listWebhookDeliveries(database, 'w3', { offset: 0, limit: 10 })).total).toBe(0);
  });

  // Weak point of session 17: the filter read the webhook id out of every row's JSON, a scan of the whole table.
  it('should find the deliveries of one webhook through the index webhook_deliveries_owner, not a scan', async () => {
    const query = deliveriesOf(database, 'w1', ['PENDING']).selectAll().orderBy('created_at').orderBy('id').limit(50).compile();
    const plan = async (explain: string) => {
      if (backend === 'sqlite') {
        const result = await database.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`${explain} ${query.sql}`, [...query.parameters]));
        return result.rows.map((r) => r.detail).join('\n');
      }
      return database.db.transaction().execute(async (trx) => {
        await trx.executeQuery(CompiledQuery.raw('SET LOCAL enable_seqscan = off')); // a tiny table: rule out the scan, leave the index choice
        const result = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`${explain} ${query.sql}`, [...query.parameters]));
        return result.rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    };
    const text = await plan(backend === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN');
    expect(text).toMatch(/webhook_deliveries_owner/);
    if (backend === 'sqlite') expect(text).not.toMatch(/USE TEMP B-TREE FOR ORDER BY/); // the index gives the order too
  });
}
