import { sql } from 'kysely';
import type { WebhookDeliveryQuery, WebhookDeliveryRecord } from '../../webhooks/index.js';
import type { Database, DbExpressionBuilder as Eb } from '../database.js';
import { fromJsonColumn } from '../json-column.js';

type Row = Record<string, unknown>;

/**
 * One page of a webhook's deliveries (webhook_deliveries, a leased state table whose body holds the webhook id),
 * oldest first. The payload is read with the body but never handed on.
 */
export async function listWebhookDeliveries(database: Database, webhookId: string, query: WebhookDeliveryQuery): Promise<{ items: WebhookDeliveryRecord[]; total: number }> {
  const base = deliveriesOf(database, webhookId, query.states);
  const count = await base.select((eb: Eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await base.selectAll().orderBy('created_at').orderBy('id').offset(query.offset).limit(query.limit).execute();
  return { items: rows.map(toRecord), total: Number(count?.n ?? 0) };
}

/**
 * The deliveries of one webhook, in the given states. The webhook id is not a column of its own: the filter reads it
 * from the body with exactly the expression of the index `webhook_deliveries_owner` (migration 0027), which serves it.
 */
export function deliveriesOf(database: Database, webhookId: string, states?: readonly string[]) {
  const owner = database.dialect === 'postgres' ? sql<string>`body->>'webhookId'` : sql<string>`json_extract(body, '$.webhookId')`;
  const base = database.db.selectFrom('webhook_deliveries').where(owner, '=', webhookId);
  return states && states.length > 0 ? base.where('state', 'in', [...states]) : base;
}

function toRecord(r: Row): WebhookDeliveryRecord {
  const body = fromJsonColumn(r.body) as { webhookId: string; event: WebhookDeliveryRecord['event']; attempts?: number; lastStatus?: number };
  return {
    id: String(r.id),
    webhookId: body.webhookId,
    event: body.event,
    state: String(r.state) as WebhookDeliveryRecord['state'],
    stateCount: Number(r.state_count),
    stateTimestamp: Number(r.state_timestamp),
    nextAttemptAt: Number(r.next_attempt_at),
    pending: Number(r.pending) === 1,
    version: Number(r.version),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    ...(r.error_detail != null ? { errorDetail: String(r.error_detail) } : {}),
    ...(typeof body.attempts === 'number' ? { attempts: body.attempts } : {}),
    ...(typeof body.lastStatus === 'number' ? { lastStatus: body.lastStatus } : {}),
  };
}
