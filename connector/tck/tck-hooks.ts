import express, { type Request, type RequestHandler, type Router } from 'express';
import { ConnectorError, type Violation } from '../../core/index.js';
import { jsonBody } from '../http/json-body.js';
import { refuseQueryParameters } from '../http/list-query.js';
import type { AgreementStore } from '../negotiation/index.js';
import type { negotiationService } from '../negotiation/index.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import type { transferService } from '../transfer/index.js';
import { TRANSFER_TYPES, type TransferType } from '../transfer/index.js';

export const TCK_HOOKS_PATH = '/tck';
const NEGOTIATION_HOOK = '/negotiations/requests';
const TRANSFER_HOOK = '/transfers/requests';
const NEGOTIATION_FIELDS = ['providerId', 'offerId', 'datasetId', 'connectorAddress'] as const;
const TRANSFER_FIELDS = ['providerId', 'agreementId', 'format', 'connectorAddress'] as const;

export interface TckHookDeps {
  auth: PeerAuth;
  negotiations: Pick<ReturnType<typeof negotiationService>, 'initiate'>;
  transfers: Pick<ReturnType<typeof transferService>, 'initiate'>;
  agreements: Pick<AgreementStore, 'findById'>;
  bodyLimitBytes: number;
  /** Whether a provider's offer for this dataset waits (for an operator script) instead of being accepted at once. */
  waitsForOffer?: (datasetId: string) => boolean;
}

/**
 * TCK mode only: the two initiate hooks the Eclipse DSP TCK calls to make us the consumer. They start a negotiation
 * or a transfer through the same services as the management API; `connectorAddress` is the TCK's DSP base. Framed as
 * the management API frames its routes: one spelling of each path (a case variant is a 404), the caller authenticated
 * first, then any query parameter refused by name (INVALID_QUERY), then the JSON body read; another method than POST
 * on a hook's path is a 405 with `Allow: POST`.
 */
export function tckHooksRouter(deps: TckHookDeps): Router {
  const router = express.Router({ caseSensitive: true });
  const authenticated: RequestHandler = async (req, _res, next) => {
    await deps.auth.authenticate(req.get('authorization'));
    next();
  };
  const framing = [authenticated, refuseQueryParameters, ...jsonBody(deps.bodyLimitBytes)];
  router.post(NEGOTIATION_HOOK, ...framing, async (req, res) => {
    const b = hookBody(req, NEGOTIATION_FIELDS);
    // No catalog request (the TCK serves none): the offer is the one the hook names, made by the provider it names.
    const offer = { '@id': b.offerId, '@type': 'Offer', target: b.datasetId, assigner: b.providerId, permission: [{ action: 'use' }] };
    const acceptCounterOffers = !(deps.waitsForOffer?.(b.datasetId) ?? false);
    const n = await deps.negotiations.initiate({ counterPartyAddress: b.connectorAddress, counterPartyId: b.providerId, offer, acceptCounterOffers });
    res.status(201).json({ id: n.id, consumerPid: n.consumerPid });
  });
  router.post(TRANSFER_HOOK, ...framing, async (req, res) => {
    const b = hookBody(req, TRANSFER_FIELDS);
    if (!(TRANSFER_TYPES as readonly string[]).includes(b.format)) throw invalid([{ pointer: '/format', message: `must be one of ${TRANSFER_TYPES.join(', ')}` }]);
    const agreement = await deps.agreements.findById(b.agreementId);
    if (agreement && agreement.assigner !== b.providerId) throw invalid([{ pointer: '/providerId', message: `is not the provider (assigner) of agreement '${b.agreementId}'` }]);
    const t = await deps.transfers.initiate({ agreementId: b.agreementId, transferType: b.format as TransferType, counterPartyAddress: b.connectorAddress });
    res.status(201).json({ id: t.id, consumerPid: t.consumerPid });
  });
  router.all([NEGOTIATION_HOOK, TRANSFER_HOOK], (req, res, next) => {
    res.set('Allow', 'POST');
    next(new ConnectorError('METHOD_NOT_ALLOWED', { detail: `${req.method} is not supported here; allowed: POST` }));
  });
  return router;
}

/** The hook's body: exactly these fields, each a non-empty string; `connectorAddress` an http(s) URL. */
function hookBody<K extends string>(req: Request, fields: readonly K[]): Record<K, string> {
  const body: unknown = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid([{ pointer: '/', message: 'must be a JSON object' }]);
  const b = body as Record<string, unknown>;
  const problems: Violation[] = [
    ...Object.keys(b)
      .filter((k) => !(fields as readonly string[]).includes(k))
      .map((k) => ({ pointer: `/${k}`, message: 'is not allowed here' })),
    ...fields.filter((f) => typeof b[f] !== 'string' || b[f] === '').map((f) => ({ pointer: `/${f}`, message: 'must be a non-empty string' })),
  ];
  const address = b.connectorAddress;
  if (typeof address === 'string' && !/^https?:\/\/./.test(address)) problems.push({ pointer: '/connectorAddress', message: 'must be an http(s) URL' });
  if (problems.length > 0) throw invalid(problems);
  return b as Record<K, string>;
}

const invalid = (violations: Violation[]) => new ConnectorError('VALIDATION_FAILED', { detail: violations.map((v) => `${v.pointer}: ${v.message}`).join('; '), violations });
