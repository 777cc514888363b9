import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { ConnectorError, toIso, type Clock, type IdGenerator } from '../../../core/index.js';
import type { Webhook, WebhookEvent, WebhookStore } from '../../webhooks/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import type { OutboundPolicy } from '../../http/outbound/index.js';

const dto = (w: Webhook) => ({ id: w.id, url: w.url, events: w.events, createdAt: toIso(w.createdAt) });

/** Webhook subscriptions: create (the signing secret is returned once), list, read, delete. */
export function webhooksRoutes(deps: {
  store: WebhookStore;
  validator: RequestValidator;
  ids: IdGenerator;
  clock: Clock;
  allowHttp: boolean;
  outbound: OutboundPolicy;
}): RouteDef[] {
  const create = async (req: Request, res: Response) => {
    const body = deps.validator.validate<{ url: string; events: WebhookEvent[]; secret?: string }>('WebhookInput', req.body);
    // The outbound policy (https unless webhooks.allowHttp, no credentials, no denied address); checked again at delivery.
    deps.outbound.checkUrl(body.url, { allowHttp: deps.allowHttp });
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
      .set('Location', `/api/v1/webhooks/${webhook.id}`)
      .json({ ...dto(webhook), secret: webhook.secret });
  };
  return [
    { method: 'post', path: '/api/v1/webhooks', handler: create, body: true },
    { method: 'get', path: '/api/v1/webhooks', handler: async (_req, res) => void res.json({ items: (await deps.store.list()).map(dto) }) },
    {
      method: 'get',
      path: '/api/v1/webhooks/{id}',
      handler: async (req, res) => {
        const w = await deps.store.findById(String(req.params.id));
        if (!w) throw new ConnectorError('NOT_FOUND', { detail: `webhook '${String(req.params.id)}' does not exist` });
        res.json(dto(w));
      },
    },
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
