import type { Request, Response } from 'express';
import { ConnectorError, toIso, validationError } from '../../core/index.js';
import { parseListQuery } from '../http/list-query.js';
import type { RequestValidator } from '../http/request-validator.js';
import type { RouteDef } from '../http/route-def.js';
import type { AuthorityService } from './authority-service.js';
import type { AuthorityStore } from './authority-store.js';
import type { Participant } from './participant.js';
import { canonicalDid } from './participant-did.js';
import { duplicateAgreements } from './participant-duplicates.js';

type ParticipantInput = Omit<Participant, 'status' | 'registeredAt' | 'revokedAt'>;

const dto = (p: Participant) => ({ ...p, registeredAt: toIso(p.registeredAt), ...(p.revokedAt === undefined ? {} : { revokedAt: toIso(p.revokedAt) }) });

/** The authority's participant registry on its management listener. */
export function participantsRoutes(deps: { service: AuthorityService; store: AuthorityStore; validator: RequestValidator }): RouteDef[] {
  const list = async (req: Request, res: Response) => {
    const q = parseListQuery(req, ['status']);
    const status = statusFilter(q.filter.status);
    const page = await deps.store.listParticipants({ offset: q.offset, limit: q.limit, ...(status ? { status } : {}) });
    res.json({ items: page.items.map(dto), total: page.total, offset: q.offset, limit: q.limit });
  };
  const register = async (req: Request, res: Response) => {
    const input = deps.validator.validate<ParticipantInput>('ParticipantInput', req.body);
    const duplicates = duplicateAgreements(input.frameworkAgreements);
    if (duplicates.length > 0) throw validationError(duplicates);
    const created = await deps.service.register(input);
    res
      .status(201)
      .set('Location', `/api/v1/participants/${encodeURIComponent(created.did)}`)
      .json(dto(created));
  };
  const get = async (req: Request, res: Response) => void res.json(dto(await deps.store.getParticipant(canonicalDid(String(req.params.did)))));
  const credentials = async (req: Request, res: Response) => {
    const did = canonicalDid(String(req.params.did));
    await deps.store.getParticipant(did);
    const issued = await deps.store.listIssued(did);
    res.json(issued.map((r) => ({ id: r.id, type: r.type, revoked: r.revoked, validUntil: toIso(r.validUntil), credential: r.credential })));
  };
  const revoke = async (req: Request, res: Response) => {
    const did = canonicalDid(String(req.params.did));
    res.json({ did, revokedCredentials: await deps.service.revoke(did) });
  };
  return [
    { method: 'get', path: '/api/v1/participants', handler: list, query: true },
    { method: 'post', path: '/api/v1/participants', handler: register, body: true },
    { method: 'get', path: '/api/v1/participants/{did}', handler: get },
    { method: 'get', path: '/api/v1/participants/{did}/credentials', handler: credentials },
    { method: 'post', path: '/api/v1/participants/{did}/revoke', handler: revoke },
  ];
}

/** The `status` filter: absent, active or revoked; anything else is INVALID_QUERY, not "no filter". */
function statusFilter(raw: string | undefined): 'active' | 'revoked' | undefined {
  if (raw === undefined || raw === 'active' || raw === 'revoked') return raw;
  const message = 'must be active or revoked';
  throw new ConnectorError('INVALID_QUERY', { detail: `?status: ${message}`, violations: [{ pointer: '?status', message }] });
}
