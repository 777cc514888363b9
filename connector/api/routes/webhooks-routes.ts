import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { ConnectorError, toIso, type Clock, type IdGenerator } from '../../../core/index.js';
import {
  redelivery,
  WEBHOOK_DELIVERY_STATES,
  type Webhook,
  type WebhookDeliveryRecord,
  type WebhookDeliveryStore,
  type WebhookEvent,
  type WebhookStore,
  type WebhookSubscription,
} from '../../webhooks/index.js';
import { pageLinks, parseListQuery } from '../../http/list-query.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import { checkResolvedHost, type OutboundPolicy, type ResolveHost } from '../../http/outbound/index.js';
import { shownDestination } from './transfer-destination-view.js';

/** A subscription as every answer shows it: its URL's query values redacted (receivers often take a token there), never its secret. */
const dto = (w: WebhookSubscription) => ({ id: w.id, url: shownDestination(w.url), events: w.events, createdAt: toIso(w.createdAt) });

/** A delivery's progress: never its body (the event data) nor the signing secret. */
const deliveryDto = (d: WebhookDeliveryRecord) => ({
  id: d.id,
  event: d.event,
  state: d.state,
  // Recorded when it ended; while PENDING every entry into the state but the first was a retry after a failed attempt.
  ...(d.attempts !== undefined ? { attempts: d.attempts } : d.state === 'PENDING' ? { attempts: d.stateCount - 1 } : {}),
  ...(d.lastStatus !== undefined ? { lastStatus: d.lastStatus } : {}),
  ...(d.errorDetail !== undefined ? { lastError: d.errorDetail } : {}),
  ...(d.state === 'PENDING' ? { nextAttemptAt: toIso(d.nextAttemptAt) } : {}),
  createdAt: toIso(d.createdAt),
  updatedAt: toIso(d.updatedAt),
});

const deliveryStates = (raw: string | undefined): WebhookDeliveryRecord['state'][] | undefined => {
  const states = raw?.split(',').map((s) => s.trim().toUpperCase());
  if (states?.some((s) => !(WEBHOOK_DELIVERY_STATES as readonly string[]).includes(s)))
    throw new ConnectorError('INVALID_QUERY', {
      detail: `state must be one of ${WEBHOOK_DELIVERY_STATES.join(', ')}`,
      violations: [{ pointer: '?state', message: 'unknown state' }],
    });
  return states as WebhookDeliveryRecord['state'][] | undefined;
};

/** Webhook subscriptions: create (the signing secret is returned once), list, read, delete; a subscription's deliveries, and a failed one sent again. */
export function webhooksRoutes(deps: {
  store: WebhookStore;
  /** The deliveries the webhooks loop sends: a FAILED one is put back to PENDING here, and the loop sends it again. */
  deliveries: WebhookDeliveryStore;
  validator: RequestValidator;
  ids: IdGenerator;
  clock: Clock;
  allowHttp: boolean;
  outbound: OutboundPolicy;
  /** The resolver the creation check asks (tests); the system resolver by default. */
  resolveHost?: ResolveHost;
}): RouteDef[] {
  const create = async (req: Request, res: Response) => {
    const body = deps.validator.validate<{ url: string; events: WebhookEvent[]; secret?: string }>('WebhookInput', req.body);
    // The outbound policy (https unless webhooks.allowHttp, no credentials, no denied address); checked again at delivery.
    const url = deps.outbound.checkUrl(body.url, { allowHttp: deps.allowHttp });
    // A name that resolves to a refused address now (an /etc/hosts entry for loopback, say) is refused now too.
    await checkResolvedHost(deps.outbound, url, deps.resolveHost);
    const webhook: Webhook = {
      id: deps.ids.next(),
      url: body.url,
      // The schema refuses a repeated event (uniqueItems) rather than dropping it in silence.
      events: body.events,
      secret: body.secret ?? randomBytes(32).toString('base64url'),
      createdAt: deps.clock.now(),
    };
    await deps.store.create(webhook);
    res
      .status(201)
      .set('Location', `/api/v1/webhooks/${encodeURIComponent(webhook.id)}`)
      .json({ ...dto(webhook), secret: webhook.secret });
  };
  const find = async (id: string): Promise<WebhookSubscription> => {
    const w = await deps.store.findById(id);
    if (!w) throw new ConnectorError('NOT_FOUND', { detail: `webhook '${id}' does not exist` });
    return w;
  };
  const deliveries = async (req: Request, res: Response) => {
    const q = parseListQuery(req, ['state']);
    const states = deliveryStates(q.filter.state);
    const webhook = await find(String(req.params.id));
    const page = await deps.store.listDeliveries(webhook.id, { ...(states ? { states } : {}), offset: q.offset, limit: q.limit });
    const link = pageLinks(req, { offset: q.offset, limit: q.limit, total: page.total });
    if (link) res.set('Link', link);
    res.json({ items: page.items.map(deliveryDto), total: page.total, offset: q.offset, limit: q.limit });
  };
  const retry = async (req: Request, res: Response) => {
    const webhook = await find(String(req.params.id));
    const id = String(req.params.deliveryId);
    const d = await deps.deliveries.findById(id);
    if (!d || d.webhookId !== webhook.id) throw new ConnectorError('NOT_FOUND', { detail: `webhook '${webhook.id}' has no delivery '${id}'` });
    // A concurrent change (the loop, another retry) makes the save a VERSION_CONFLICT (409): nothing is sent twice.
    res.json(deliveryDto(await deps.deliveries.save(redelivery(d, deps.clock))));
  };
  return [
    { method: 'post', path: '/api/v1/webhooks', handler: create, body: true },
    { method: 'post', path: '/api/v1/webhooks/{id}/deliveries/{deliveryId}/retry', handler: retry },
    { method: 'get', path: '/api/v1/webhooks', handler: async (_req, res) => void res.json({ items: (await deps.store.list()).map(dto) }) },
    {
      method: 'get',
      path: '/api/v1/webhooks/{id}',
      handler: async (req, res) => void res.json(dto(await find(String(req.params.id)))),
    },
    { method: 'get', path: '/api/v1/webhooks/{id}/deliveries', handler: deliveries, query: true },
    {
      method: 'delete',
      path: '/api/v1/webhooks/{id}',
      handler: async (req, res) => {
        await deps.store.delete(String(req.params.id));
        res.status(204).end();
      },
    },
  ];
}
