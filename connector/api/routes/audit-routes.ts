import type { Request, Response } from 'express';
import type { Clock } from '../../../core/index.js';
import { verifyAuditLog, type AuditLog } from '../../audit/index.js';
import { parseListQuery } from '../../http/list-query.js';
import type { RouteDef } from '../../http/route-def.js';

/** GET /api/v1/audit (the hash-chained log, optionally of one agreement) and GET /api/v1/audit/verify. */
export function auditRoutes(deps: { log: AuditLog; clock: Clock }): RouteDef[] {
  const list = async (req: Request, res: Response) => {
    const q = parseListQuery(req, ['agreementId']);
    const page = await deps.log.query({ agreementId: q.filter.agreementId, offset: q.offset, limit: q.limit });
    res.json({ items: page.items, total: page.total, offset: q.offset, limit: q.limit });
  };
  return [
    { method: 'get', path: '/api/v1/audit', handler: list, query: true },
    { method: 'get', path: '/api/v1/audit/verify', handler: async (_req, res) => void res.json(await verifyAuditLog(deps.log.store, { clock: deps.clock })) },
  ];
}
