import express, { type Request, type Response, type Router } from 'express';
import { ConnectorError, type Logger } from '../../../core/index.js';
import { toConnectorError } from '../../http/error-middleware.js';
import { readJsonBody } from '../../http/parse-json-body.js';
import type { PeerAuth } from '../../peer/peer-auth.js';
import { isSignedAuditCheckpoint, type AuditHead, type AuditInput, type SignedAuditCheckpoint } from '../../audit/index.js';
import { ROUND_TASKS, type RoundTokens } from '../round-token.js';
import type { siteGate, RoundRequest } from './site-gate.js';
import type { SiteSession, SiteSessionStore } from './site-session.js';
import type { SessionGrant, TrainingSessionTokens } from '../session-token.js';
import type { secAggSite } from '../secagg/secagg-site.js';
import { SECAGG_FIELDS, secAggStep } from '../secagg/secagg-route.js';
import { refuseSiteQuery, siteBodyFields, siteJsonBody } from './site-request.js';
import { checkedCredential, withoutVerifierText } from './credential-shape.js';

const STATUS: Record<string, number> = {
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  POLICY_DENIED: 403,
  POLICY_INVALID: 403,
  VALIDATION_FAILED: 400,
  TRAINING_DATA_INVALID: 400,
  TRAINING_SCHEMA_MISMATCH: 400,
  MALFORMED_JSON: 400,
  INVALID_QUERY: 400,
  BODY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
};

/**
 * The site's training endpoint on its public listener: `POST /api/training/{transferId}/rounds` (one gated round, with
 * or without a round token from `POST /api/training/{transferId}/token`). Callers authenticate with DCP, a round
 * request also with the training session its earlier DCP-verified round opened (decision 0028); refusals are
 * problem bodies that name the failed check (the caller is the counterparty of the agreement). Bodies (JSON, up to
 * 8 MiB; another media type is a 415) are parsed only once the caller is authenticated and owns the session; a
 * missing body is a 400, and so is a query parameter or a body field the route does not take (named).
 */
export function siteTrainingRouter(deps: {
  gate: ReturnType<typeof siteGate>;
  sessions: SiteSessionStore;
  tokens: RoundTokens;
  /** Training sessions: opened by a round request with a verified DCP identity, presented by later ones (decision 0028). */
  sessionTokens: TrainingSessionTokens;
  auth: PeerAuth;
  modelHash: (p: readonly number[]) => string;
  logger: Logger;
  /** Verifies a deletion receipt the coordinator sends for this session's agreement and keeps it (audit log); throws FORBIDDEN otherwise. */
  acceptReceipt(session: SiteSession, receipt: Record<string, unknown>): Promise<void>;
  /** The site's side of the audit-checkpoint exchange (checkpoint-exchange.ts). */
  checkpoints: SiteCheckpoints;
  /** Throws VALIDATION_FAILED naming each bad field of a training plan. */
  validatePlan(plan: unknown): void;
  /** Checks the coordinator's TrainedModelCredential against our audit log and countersigns it (model-result/); throws with the reason otherwise. */
  countersign(session: SiteSession, credential: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Secure aggregation's key, share and reveal steps (connector/training/secagg/). */
  secAgg?: ReturnType<typeof secAggSite> | undefined;
}): Router {
  const router = express.Router();
  const body = siteJsonBody(8 * 1024 * 1024);
  /** The request's body, once its caller owns the session: no query, JSON, and only the route's fields. */
  const read = async (req: Request, res: Response, fields: readonly string[]) => {
    refuseSiteQuery(req);
    await readJsonBody(body, req, res);
    req.body = siteBodyFields(req.body, fields);
  };
  const session = async (req: Request, res: Response, fields: readonly string[]) => {
    const agent = await deps.auth.authenticate(req.get('authorization'));
    const s = await deps.sessions.find(String(req.params.tid));
    if (!s || s.coordinatorDid !== agent.id) throw new ConnectorError('NOT_FOUND', { detail: 'no such training for this caller' });
    await read(req, res, fields);
    return { agent, s };
  };
  const activeSession = async (req: Request, res: Response, fields: readonly string[]) => {
    const found = await session(req, res, fields);
    requireActive(found.s);
    return found;
  };
  /**
   * A round's or checkpoint's caller: a training session token (`x-kontor-training-session`, decision 0028) or, as on
   * every other route, a DCP token.
   */
  const caller = async (
    req: Request,
    res: Response,
    active: boolean,
    fields: readonly string[],
  ): Promise<{ agent: SessionGrant['agent']; s: SiteSession; opened?: SessionGrant }> => {
    const presented = req.get('x-kontor-training-session');
    if (presented === undefined) return active ? activeSession(req, res, fields) : session(req, res, fields);
    if (req.get('authorization') !== undefined || req.get('x-kontor-round-token') !== undefined)
      throw new ConnectorError('VALIDATION_FAILED', { detail: 'a training session token comes alone: no DCP token and no round token beside it' });
    const grant = deps.sessionTokens.verify(presented, String(req.params.tid));
    const s = await deps.sessions.find(String(req.params.tid));
    if (!s || s.coordinatorDid !== grant.agent.id || s.agreementId !== grant.agreementId) throw new ConnectorError('NOT_FOUND', { detail: 'no such training for this caller' });
    await read(req, res, fields);
    if (active) requireActive(s);
    // A suspension ends the sessions opened before it, on every replica (the count is the store's): the coordinator
    // proves its identity anew (a 401 sends it back to DCP).
    if (grant.suspensions !== (s.suspensions ?? 0))
      throw new ConnectorError('UNAUTHORIZED', { detail: 'training session refused: the training transfer was suspended since the session was opened' });
    return { agent: grant.agent, s, opened: grant };
  };
  const fail = (res: Response, error: unknown) => {
    const mapped = toConnectorError(error);
    if (mapped.kind === 'internal') deps.logger.error({ err: error }, 'training request failed');
    const status = STATUS[mapped.code] ?? 500;
    res
      .status(status)
      .type('application/problem+json')
      .send(JSON.stringify({ type: 'about:blank', title: mapped.code, status, code: mapped.code, detail: status === 500 ? 'internal error' : mapped.detail }));
  };
  router.post('/:tid/token', async (req, res) => {
    try {
      const { agent, s } = await activeSession(req, res, TOKEN_FIELDS);
      const body = req.body as { round?: unknown; task?: unknown; purpose?: unknown; globalModelHash?: unknown };
      const task = ROUND_TASKS.find((t) => t === body.task);
      if (!task || typeof body.purpose !== 'string' || typeof body.globalModelHash !== 'string') {
        throw new ConnectorError('VALIDATION_FAILED', { detail: 'round, task (fit|evaluate|statistics), purpose and globalModelHash are required' });
      }
      checkRound(body.round);
      res.json(
        await deps.tokens.issue({
          sub: agent.id,
          agreementId: s.agreementId,
          transferId: s.transferId,
          purpose: body.purpose,
          round: Number(body.round),
          globalModelHash: body.globalModelHash,
          task,
        }),
      );
    } catch (error) {
      fail(res, error);
    }
  });
  router.post('/:tid/rounds', async (req, res) => {
    try {
      const { agent, s, opened } = await caller(req, res, true, ROUND_FIELDS);
      const token = req.get('x-kontor-round-token');
      const { checkpoint: theirs, ...body } = checkRoundRequest(req.body, deps.validatePlan);
      // The coordinator's audit checkpoint rides on its evaluation requests (decision 0033): kept in the round's own
      // transaction, and ours, of the head it made, goes back in the answer.
      const { head, ...result } = await deps.gate.runRound(s, agent, token, body, opened, theirs ? [deps.checkpoints.received(s, theirs)] : []);
      const checkpoint = theirs ? await (head ? deps.checkpoints.sign(head) : deps.checkpoints.exchange(s, theirs)) : undefined;
      // A round asked for in one request with a verified DCP identity opens a session for the rounds after it.
      const session =
        token || opened
          ? undefined
          : deps.sessionTokens.issue({ agent, agreementId: s.agreementId, transferId: s.transferId, purpose: body.purpose, suspensions: s.suspensions ?? 0 });
      // Within a session the coordinator verified our membership when it was opened: no new identity token (decision 0028).
      res.json({
        ...result,
        ...(checkpoint ? { checkpoint } : {}),
        ...(session ? { session } : {}),
        ...(opened ? {} : { identityToken: (await deps.auth.tokenFor(agent.id)).replace(/^Bearer /, '') }),
      });
    } catch (error) {
      fail(res, error);
    }
  });
  router.post('/:tid/secagg', async (req, res) => {
    try {
      const { s } = await activeSession(req, res, SECAGG_FIELDS);
      res.json(await secAggStep(deps.secAgg?.session(s.transferId), req.body));
    } catch (error) {
      fail(res, error);
    }
  });
  router.post('/:tid/checkpoint', async (req, res) => {
    try {
      const { s } = await caller(req, res, false, ['checkpoint']);
      res.json({ checkpoint: await deps.checkpoints.exchange(s, checkedCheckpoint((req.body as { checkpoint?: unknown }).checkpoint)) });
    } catch (error) {
      fail(res, error);
    }
  });
  router.post('/:tid/receipts', async (req, res) => {
    try {
      const { s } = await session(req, res, ['receipt']);
      const receipt = checkedCredential((req.body as { receipt?: unknown }).receipt, '/receipt');
      await deps.acceptReceipt(s, receipt).catch((error: unknown) => {
        throw withoutVerifierText(error, (detail) => deps.logger.warn({ transferId: s.transferId, detail }, 'a deletion receipt did not verify'));
      });
      res.status(204).end();
    } catch (error) {
      fail(res, error);
    }
  });
  router.post('/:tid/attest', async (req, res) => {
    try {
      const { s } = await session(req, res, ['credential']);
      const credential = checkedCredential((req.body as { credential?: unknown }).credential, '/credential');
      const attestation = await deps.countersign(s, credential).catch((error: unknown) => {
        throw withoutVerifierText(error, (detail) => deps.logger.warn({ transferId: s.transferId, detail }, 'a model credential did not verify'));
      });
      res.json({ attestation });
    } catch (error) {
      fail(res, error);
    }
  });
  return router;
}

/** Rounds, round tokens and secure-aggregation steps only while the training transfer runs: FORBIDDEN naming why not. */
function requireActive(s: SiteSession): void {
  if (s.status === 'suspended') throw new ConnectorError('FORBIDDEN', { detail: 'the training transfer is suspended' });
  if (s.status !== 'active') throw new ConnectorError('FORBIDDEN', { detail: 'the training transfer has ended' });
}

/** The site's side of the audit-checkpoint exchange: without a DCP identity nothing is signed (undefined). */
export interface SiteCheckpoints {
  /** Keeps the coordinator's checkpoint (its own append) and answers with ours, of the log with theirs in it. */
  exchange(session: SiteSession, theirs: SignedAuditCheckpoint | undefined): Promise<SignedAuditCheckpoint | undefined>;
  /** The audit entry that keeps the coordinator's checkpoint, for an append of the caller's. */
  received(session: SiteSession, theirs: SignedAuditCheckpoint): AuditInput;
  /** Our signed checkpoint of a head the caller's append made. */
  sign(head: AuditHead): Promise<SignedAuditCheckpoint | undefined>;
}

/** The coordinator's signed audit checkpoint, when it sent one, or VALIDATION_FAILED: nothing malformed goes into our log. */
function checkedCheckpoint(value: unknown): SignedAuditCheckpoint | undefined {
  if (value === undefined) return undefined;
  if (!isSignedAuditCheckpoint(value))
    throw new ConnectorError('VALIDATION_FAILED', { detail: 'checkpoint must be a signed audit checkpoint: { checkpoint: { seq, hash, at }, signature }' });
  return value;
}

const TOKEN_FIELDS = ['round', 'task', 'purpose', 'globalModelHash'];
const ROUND_FIELDS = ['round', 'task', 'purpose', 'plan', 'global', 'scaling', 'secagg', 'checkpoint'];

/** A round number: a positive safe integer, or VALIDATION_FAILED (a token and a round check it alike). */
function checkRound(round: unknown): void {
  if (!Number.isSafeInteger(round) || (round as number) < 1) throw new ConnectorError('VALIDATION_FAILED', { detail: 'round must be a positive integer' });
}

/** A round request as the gate needs it, or VALIDATION_FAILED: bad input never reaches training code. */
function checkRoundRequest(body: unknown, validatePlan: (plan: unknown) => void): RoundRequest & { checkpoint?: SignedAuditCheckpoint | undefined } {
  const b = (body ?? {}) as Record<string, unknown>;
  checkRound(b.round);
  if (!ROUND_TASKS.includes(b.task as never)) throw new ConnectorError('VALIDATION_FAILED', { detail: 'task must be fit, evaluate or statistics' });
  const numbers = (v: unknown) => Array.isArray(v) && v.length <= 100_000 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  const scaling = b.scaling as { mean?: unknown; std?: unknown } | undefined;
  if (scaling !== undefined && !(typeof scaling === 'object' && scaling !== null && numbers(scaling.mean) && numbers(scaling.std))) {
    throw new ConnectorError('VALIDATION_FAILED', { detail: 'scaling must be { mean: number[], std: number[] }' });
  }
  if (typeof b.purpose !== 'string' || b.purpose.length === 0) throw new ConnectorError('VALIDATION_FAILED', { detail: 'purpose is required' });
  if (!Array.isArray(b.global) || b.global.length > 1_000_000 || !b.global.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new ConnectorError('VALIDATION_FAILED', { detail: 'global must be an array of finite numbers' });
  }
  validatePlan(b.plan);
  if (b.checkpoint !== undefined && b.task !== 'evaluate') throw new ConnectorError('VALIDATION_FAILED', { detail: 'a checkpoint comes with an evaluation request only' });
  checkedCheckpoint(b.checkpoint);
  return b as unknown as RoundRequest & { checkpoint?: SignedAuditCheckpoint };
}
