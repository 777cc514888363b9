import { jsonLiteral } from '../../../catalog/index.js';
import { createHash } from 'node:crypto';
import { toIso } from '../../../core/index.js';
import type { ProcessorEntry } from '../../statemachine/state-machine-loop.js';
import { AGREEMENT_CREDENTIAL_KEY } from '../consumer-negotiation-protocol.js';
import type { ContractNegotiation } from '../contract-negotiation.js';
import type { NegotiationDeps } from '../negotiation-deps.js';
import { negotiationMessages } from '../negotiation-messages.js';
import { moveNegotiation } from '../move-negotiation.js';
import { pids, sendMarked, sendToPeer } from './negotiation-sender.js';
import { terminationProcessor } from './consumer-processors.js';
import { sameRules, withoutEmptyArrays } from '../same-rules.js';

/** A stable agreement id per negotiation, so a retried AGREEING step never makes a second agreement. */
export function agreementIdFor(negotiationId: string): string {
  const h = createHash('sha256').update(`agreement:${negotiationId}`).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The provider's outbound steps. */
export function providerProcessors(deps: NegotiationDeps): ProcessorEntry<ContractNegotiation>[] {
  const move = (n: ContractNegotiation, to: ContractNegotiation['state'], cause: string) => moveNegotiation(n, to, cause, deps.clock);
  const failTo = (n: ContractNegotiation, error: unknown) => ({ ...move(n, 'TERMINATING', 'sending failed'), terminationReason: (error as Error)?.message ?? 'sending failed' });
  const path = (n: ContractNegotiation, tail: string) => `negotiations/${encodeURIComponent(n.consumerPid)}/${tail}`;
  return [
    {
      state: 'OFFERING',
      process: async (n) => {
        const { marked } = await sendMarked(deps, n, path(n, 'offers'), negotiationMessages.offer({ providerPid: n.id, consumerPid: n.consumerPid, offer: n.offer }));
        return move(marked, 'OFFERED', 'ContractOfferMessage sent');
      },
      onFailure: failTo,
    },
    {
      state: 'AGREEING',
      process: async (n) => {
        const refusal = grantProblem(n);
        if (refusal) {
          deps.logger.warn({ negotiationId: n.id, refusal }, 'AGREEING without a matching grant of the agreement gate: not signing');
          return { ...move({ ...n, pending: false }, 'TERMINATING', 'agreement refused'), terminationReason: refusal };
        }
        const held = await deps.agreements.findById(agreementIdFor(n.id));
        const agreement = held ?? (await signAgreement(deps, n));
        const message = {
          ...negotiationMessages.agreement({ ...pids(n), agreement: agreement.policy }),
          ...(agreement.credential ? { [AGREEMENT_CREDENTIAL_KEY]: jsonLiteral(agreement.credential) } : {}),
        };
        // A new agreement is stored with the "message out" mark, in its transaction, before it goes out.
        const { marked } = await sendMarked(deps, held ? n : { ...n, keepAgreement: agreement }, path(n, 'agreement'), message);
        return move({ ...marked, agreementId: agreement.id }, 'AGREED', 'ContractAgreementMessage sent');
      },
      onFailure: failTo,
    },
    {
      state: 'FINALIZING',
      process: async (n) => {
        await sendToPeer(deps, n, path(n, 'events'), negotiationMessages.event({ ...pids(n), eventType: 'FINALIZED' }));
        return move(n, 'FINALIZED', 'FINALIZED event sent');
      },
      onFailure: failTo,
    },
    terminationProcessor(deps, (n) => path(n, 'termination')),
  ];
}

/** The AGREEING step signs only what the agreement gate granted: these exact rules, for this negotiation. */
function grantProblem(n: ContractNegotiation): string | undefined {
  if (!n.agreementGrant) return 'no decision of the agreement gate allows this agreement';
  if (!sameRules(n.agreementGrant.offer, n.offer)) return 'the terms changed after the agreement gate allowed them';
  return undefined;
}

/** The agreement of this negotiation, signed (stored by the caller). */
async function signAgreement(deps: NegotiationDeps, n: ContractNegotiation) {
  const id = agreementIdFor(n.id);
  const signedAt = deps.clock.now();
  const { '@id': _offerId, '@type': _type, target: _target, assigner: _assigner, '@context': _ctx, ...rules } = n.offer;
  const policy = {
    '@id': id,
    '@type': 'Agreement',
    ...withoutEmptyArrays(rules),
    target: n.assetId ?? String(n.offer.target),
    assigner: deps.auth.participantId,
    assignee: n.counterPartyId,
    timestamp: toIso(signedAt).replace(/\.\d{3}Z$/, 'Z'),
  };
  const base = { id, negotiationId: n.id, assigner: deps.auth.participantId, assignee: n.counterPartyId, assetId: policy.target, policy, signedAt };
  const credential = await deps.signer.sign(base);
  return { ...base, status: 'active' as const, ...(credential ? { credential } : {}) };
}
