import type { Request, Response } from 'express';
import { ConnectorError, toIso } from '../../../core/index.js';
import type { AuditInput } from '../../audit/index.js';
import { parseListQuery } from '../../http/list-query.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import type { ChangeRecorder } from '../../store/change-recorder.js';
import type { PartySuspension, SuspensionStore } from '../../usage/index.js';

const dto = (s: PartySuspension) => ({ participantId: s.participantId, reason: s.reason, source: s.source, agreementId: s.agreementId ?? null, suspendedAt: toIso(s.createdAt) });

/**
 * Suspended counterparties: listed, suspended by the operator, lifted by the operator (each change audited: its entry
 * is written in the transaction of the change, through the outbox, so a crash in between cannot lose it).
 * A suspension takes effect at once for new requests; `onSuspended` lets the policy monitor end live transfers now.
 */
export function suspensionsRoutes(deps: {
  store: SuspensionStore;
  recorder: ChangeRecorder<{ suspensions: SuspensionStore }, { audit: AuditInput }>;
  validator: RequestValidator;
  self: string;
  onSuspended(participantId: string): void;
}): RouteDef[] {
  const list = async (req: Request, res: Response) => {
    const q = parseListQuery(req, []);
    const page = await deps.store.list({ offset: q.offset, limit: q.limit });
    res.json({ items: page.items.map(dto), total: page.total, offset: q.offset, limit: q.limit });
  };
  const suspend = async (req: Request, res: Response) => {
    const body = deps.validator.validate<{ participantId: string; reason: string }>('SuspensionInput', req.body);
    if (body.participantId === deps.self)
      throw new ConnectorError('VALIDATION_FAILED', { detail: 'a connector cannot suspend itself', violations: [{ pointer: '/participantId', message: 'is this connector' }] });
    const { suspension: s, created } = await deps.recorder.commit(async ({ suspensions }) => {
      const result = await suspensions.suspend({ participantId: body.participantId, reason: body.reason, source: 'operator' });
      const entry = {
        type: 'usage.suspension',
        actor: 'operator',
        data: { participantId: result.suspension.participantId, event: 'suspended', reason: result.suspension.reason },
      } as const;
      return { value: result, records: result.created ? [{ audit: entry }] : [] };
    });
    if (created) deps.onSuspended(s.participantId);
    res
      .status(created ? 201 : 200)
      .set('Location', `/api/v1/suspensions/${encodeURIComponent(s.participantId)}`)
      .json(dto(s));
  };
  const find = async (req: Request) => {
    const s = await deps.store.find(String(req.params.participantId));
    if (!s) throw new ConnectorError('NOT_FOUND', { detail: `participant '${String(req.params.participantId)}' is not suspended` });
    return s;
  };
  const lift = async (req: Request, res: Response) => {
    const s = await find(req);
    await deps.recorder.commit(async ({ suspensions }) => {
      const lifted = await suspensions.lift(s.participantId);
      const entry = {
        type: 'usage.suspension',
        actor: 'operator',
        ...(s.agreementId ? { agreementId: s.agreementId } : {}),
        data: { participantId: s.participantId, event: 'lifted', reason: s.reason },
      } as const;
      return { value: lifted, records: lifted ? [{ audit: entry }] : [] };
    });
    res.status(204).end();
  };
  return [
    { method: 'get', path: '/api/v1/suspensions', handler: list, query: true },
    { method: 'post', path: '/api/v1/suspensions', handler: suspend, body: true },
    { method: 'get', path: '/api/v1/suspensions/{participantId}', handler: async (req, res) => void res.json(dto(await find(req))) },
    { method: 'delete', path: '/api/v1/suspensions/{participantId}', handler: lift },
  ];
}
