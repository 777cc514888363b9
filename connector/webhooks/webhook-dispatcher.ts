import { createHmac } from 'node:crypto';
import { ConnectorError, isConnectorError, type Clock, type IdGenerator, type Logger } from '../../core/index.js';
import { boundedFetch, type BoundedResponse } from '../http/bounded-fetch.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import { backoffMs, DEFAULT_RETRY, retriesExhausted, type RetryPolicy } from '../statemachine/retry-policy.js';
import { StateMachineLoop } from '../statemachine/state-machine-loop.js';
import type { StateEntityStore } from '../statemachine/state-entity-store.js';
import { applyTransition } from '../statemachine/transition-table.js';
import type { Webhook, WebhookDelivery, WebhookEvent, WebhookStore } from './webhook.js';
import { newEntity } from '../statemachine/new-entity.js';
import { DELIVERY_TRANSITIONS } from './delivery-transitions.js';
import { retryAfterMs } from './retry-after.js';

/** A webhook's URL as logs and stored error details show it: origin and path, never its query or fragment (receivers often carry a token there). */
export function shownWebhookUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.split(/[?#]/)[0] ?? '';
  }
}

/** `sha256=<hex>` HMAC of the exact body bytes, as receivers recompute it. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/**
 * Queues a durable delivery per subscriber for each event and sends them from a leased loop: POST JSON with
 * `X-Kontor-Event`, `X-Kontor-Delivery` and `X-Kontor-Signature`; 2xx delivers, 5xx/429/timeouts retry with back-off
 * (a longer Retry-After is honoured, up to the back-off cap), other 4xx fail.
 */
export class WebhookDispatcher {
  readonly loop: StateMachineLoop<WebhookDelivery>;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly deps: {
      webhooks: WebhookStore;
      deliveries: StateEntityStore<WebhookDelivery>;
      clock: Clock;
      ids: IdGenerator;
      logger: Logger;
      owner: string;
      retry?: RetryPolicy;
      idleWaitMs?: number;
      allowHttp?: boolean;
      outbound: OutboundPolicy;
    },
  ) {
    const move = (d: WebhookDelivery, to: WebhookDelivery['state']) => applyTransition(DELIVERY_TRANSITIONS, d, to, deps.clock);
    this.retry = deps.retry ?? DEFAULT_RETRY;
    this.loop = new StateMachineLoop<WebhookDelivery>({
      name: 'webhooks',
      store: deps.deliveries,
      owner: deps.owner,
      clock: deps.clock,
      logger: deps.logger,
      retry: this.retry,
      idleWaitMs: deps.idleWaitMs ?? 5000,
      // The attempt running now is the `stateCount`-th (a retry re-enters PENDING; an interrupted one does not count).
      processors: [
        {
          state: 'PENDING',
          process: async (d) => {
            try {
              return move({ ...d, attempts: d.stateCount, lastStatus: await this.send(d) }, 'DELIVERED');
            } catch (error) {
              const later = this.deferred(d, error);
              if (later) return later;
              throw error;
            }
          },
          onFailure: (d) => move({ ...d, attempts: d.stateCount }, 'FAILED'),
        },
      ],
    });
  }

  /**
   * The retry of an attempt the receiver answered 429 or 5xx with Retry-After: not before it asks (the back-off when
   * that is longer), never later than the back-off cap; as the loop's own retry otherwise (a warning, one more
   * attempt). Undefined when the loop decides: no Retry-After, not retryable, or the attempts are used up.
   */
  private deferred(d: WebhookDelivery, error: unknown): WebhookDelivery | undefined {
    if (!isConnectorError(error) || !error.retryable || error.retryAfterSeconds === undefined || retriesExhausted(this.retry, d.stateCount)) return undefined;
    const wait = Math.min(this.retry.capMs, Math.max(backoffMs(this.retry, d.stateCount), error.retryAfterSeconds * 1000));
    const detail = `${error.code}: ${error.detail ?? error.message}`;
    this.deps.logger.warn({ id: d.id, state: d.state, attempt: d.stateCount, retryable: true, detail, retryAfterMs: wait, loop: 'webhooks' }, 'processor failed');
    return { ...d, stateCount: d.stateCount + 1, nextAttemptAt: this.deps.clock.now() + wait, errorDetail: detail };
  }

  /** Records one delivery per subscriber of `event` (after the change was committed) and wakes the loop. */
  async publish(event: WebhookEvent, payload: Record<string, unknown>): Promise<void> {
    const deliveries = (await this.planner())(event, payload);
    for (const d of deliveries) await this.deps.deliveries.save(d);
    if (deliveries.length > 0) this.loop.wake();
  }

  /**
   * Reads the subscribers once and returns how to make the new deliveries of an event for them (one per subscriber),
   * for a caller that saves them in its own transaction (the outbox relay) and then wakes `loop`.
   */
  async planner(): Promise<(event: WebhookEvent, payload: Record<string, unknown>) => WebhookDelivery[]> {
    const webhooks = await this.deps.webhooks.list();
    return (event, payload) => {
      const now = this.deps.clock.now();
      return webhooks
        .filter((w) => w.events.includes(event))
        .map((w) => ({
          id: `urn:uuid:${this.deps.ids.next()}`,
          ...newEntity('PENDING', now),
          webhookId: w.id,
          event,
          payload,
        }));
    };
  }

  /**
   * The webhook with its secret, opened only here (to sign). A secret that does not open fails this delivery, not
   * retried (the store logged the row); other webhooks' deliveries go on.
   */
  private async signing(id: string): Promise<Webhook | undefined> {
    try {
      return await this.deps.webhooks.findWithSecret(id);
    } catch (error) {
      if (!isConnectorError(error) || error.code !== 'STORE_INTEGRITY') throw error;
      const detail = `the signing secret of webhook '${id}' does not open (changed in the database, or moved from another row): nothing was sent; delete the webhook and create it again`;
      throw new ConnectorError('STORE_INTEGRITY', { detail, cause: error, retryable: false });
    }
  }

  /** Sends one attempt; the receiver's 2xx status, else throws (retryably for 5xx, 429 and no answer). */
  private async send(d: WebhookDelivery): Promise<number> {
    const webhook = await this.signing(d.webhookId);
    if (!webhook) throw new ConnectorError('NOT_FOUND', { detail: 'the webhook was deleted' });
    const body = JSON.stringify({ id: d.id, event: d.event, at: new Date(d.createdAt).toISOString(), data: d.payload });
    const where = shownWebhookUrl(webhook.url);
    let res: BoundedResponse;
    try {
      res = await boundedFetch(
        webhook.url,
        {
          method: 'POST',
          body,
          redirect: 'error',
          headers: { 'content-type': 'application/json', 'x-kontor-event': d.event, 'x-kontor-delivery': d.id, 'x-kontor-signature': signWebhookBody(webhook.secret, body) },
        },
        { timeoutMs: 10_000, maxBytes: 0, discardBody: true, allowHttp: this.deps.allowHttp === true, target: this.deps.outbound },
      );
    } catch (error) {
      if (error instanceof ConnectorError) throw error;
      // The bounds' messages name the URL without its query; shown here as `where` (no fragment either).
      const message = String((error as Error)?.message ?? error).replaceAll(webhook.url.split('?')[0] ?? webhook.url, where);
      throw new ConnectorError('PEER_UNAVAILABLE', { detail: `webhook ${where}: ${message}`, retryable: true });
    }
    if (res.status >= 500 || res.status === 429) {
      const wait = retryAfterMs(res.headers.get('retry-after'), this.deps.clock.now());
      const asked = wait === undefined ? {} : { retryAfterSeconds: Math.ceil(wait / 1000) };
      throw new ConnectorError('PEER_UNAVAILABLE', { detail: `webhook ${where} answered ${res.status}`, retryable: true, ...asked });
    }
    if (res.status >= 300) throw new ConnectorError('PEER_REJECTED', { detail: `webhook ${where} answered ${res.status}` });
    return res.status;
  }
}
