import type { Request, Response } from 'express';
import { toIso, type Clock } from '../../../core/index.js';
import type { AuditInput } from '../../audit/index.js';
import type { AgreementStore, ContractAgreement } from '../../negotiation/index.js';
import { parseListQuery } from '../../http/list-query.js';
import type { RouteDef } from '../../http/route-def.js';
import type { ChangeRecorder } from '../../store/change-recorder.js';

const dto = (a: ContractAgreement) => ({
  id: a.id,
  negotiationId: a.negotiationId,
  assigner: a.assigner,
  assignee: a.assignee,
  assetId: a.assetId,
  policy: a.policy,
  signedAt: toIso(a.signedAt),
  status: a.status,
  revokedAt: a.revokedAt === undefined ? null : toIso(a.revokedAt),
  // Who revoked: we (our participant id) through this API, or the provider that told us (consumer side).
  revokedBy: a.revokedBy ?? null,
  revocationReason: a.revocationReason ?? null,
  credential: a.credential ?? null,
});

/**
 * Management routes for agreements: list, read, revoke (revocation ends the transfers running under it). A revocation
 * names us (`self`, our participant id) as the party that revoked, and is audited (`agreement.revocation`, actor `operator`) in the transaction of the status change, through the outbox, so a
 * crash in between cannot lose it; revoking a revoked agreement changes nothing and records nothing.
 */
export function agreementsRoutes(deps: {
  store: AgreementStore;
  recorder: ChangeRecorder<{ agreements: AgreementStore }, { audit: AuditInput }>;
  clock: Clock;
  /** Our participant id: the party that revokes through this API (the agreement's `revokedBy`). */
  self: string;
  onRevoked?: (agreement: ContractAgreement) => Promise<void>;
}): RouteDef[] {
  const list = async (req: Request, res: Response) => {
    const q = parseListQuery(req, ['counterPartyId', 'assetId']);
    const page = await deps.store.list({ offset: q.offset, limit: q.limit, ...q.filter });
    res.json({ items: page.items.map(dto), total: page.total, offset: q.offset, limit: q.limit });
  };
  const revoke = async (req: Request, res: Response) => {
    const at = deps.clock.now();
    const agreement = await deps.recorder.commit(async ({ agreements }) => {
      const before = await agreements.getById(String(req.params.id));
      const after = await agreements.revoke(before.id, at, { by: deps.self });
      const changed = before.status === 'active' && after.revokedAt === at;
      const entry = {
        type: 'agreement.revocation',
        actor: 'operator',
        agreementId: after.id,
        data: { revokedAt: toIso(at), assetId: after.assetId, assigner: after.assigner, assignee: after.assignee },
      } as const;
      return { value: after, records: changed ? [{ audit: entry }] : [] };
    });
    // Also on a repeated revoke: a retry ends what a failed first attempt left running.
    await deps.onRevoked?.(agreement);
    res.json(dto(agreement));
  };
  return [
    { method: 'get', path: '/api/v1/agreements', handler: list, query: true },
    { method: 'get', path: '/api/v1/agreements/{id}', handler: async (req, res) => void res.json(dto(await deps.store.getById(String(req.params.id)))) },
    { method: 'post', path: '/api/v1/agreements/{id}/revoke', handler: revoke },
  ];
}
