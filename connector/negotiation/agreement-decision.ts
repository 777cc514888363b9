import type { ParticipantAgent, PolicyEngine, PolicyEvaluation } from '../../policy/index.js';
import type { ContractNegotiation, OdrlJson } from './contract-negotiation.js';
import { OFFER_UNAVAILABLE, type ResolvedOffer } from './offer-resolver.js';
import { sameRules } from './same-rules.js';

/** How a provider negotiation came to ask for an agreement. Every transition into AGREEING names one. */
export type AgreementPath = 'initial-request' | 'counter-request' | 'accepted-offer' | 'manual-approval';

export interface AgreementQuestion {
  negotiation: ContractNegotiation;
  path: AgreementPath;
  /** The terms the consumer asks for (its request) or accepted (our offer on the table). */
  terms: OdrlJson;
  /** The offer it names, resolved now for this consumer (access policy applied); undefined: unknown or hidden. */
  resolved: ResolvedOffer | undefined;
  /** Why the offer does not resolve (when `resolved` is undefined): the offer resolver's explanation. */
  unavailable?: string;
  /** The consumer as verified at this moment (or, for an operator's approval, at its last message). */
  agent: ParticipantAgent;
  /** An operator approved exactly these terms. */
  approved: boolean;
  engine: PolicyEngine;
  now: number;
}

export type AgreementDecision =
  | { outcome: 'agree'; reason: string }
  | { outcome: 'await-approval'; reason: string }
  | { outcome: 'counter-offer'; reason: string; offer: OdrlJson }
  | { outcome: 'deny'; reason: string };

/**
 * The one gate in front of AGREEING. Fails closed: an offer that is gone, names another dataset or contract
 * definition than the negotiation, or whose contract policy denies the consumer (or cannot be read) is denied;
 * terms that differ from every offer the provider stands behind get our terms back; manual definitions wait for
 * an operator. Only then: agree.
 */
export function decideAgreement(q: AgreementQuestion): AgreementDecision {
  const { negotiation: n, resolved } = q;
  if (!resolved) return { outcome: 'deny', reason: q.unavailable ?? OFFER_UNAVAILABLE };
  if ((n.assetId !== undefined && resolved.assetId !== n.assetId) || (n.contractDefinitionId !== undefined && resolved.contractDefinitionId !== n.contractDefinitionId)) {
    return { outcome: 'deny', reason: `the offer '${resolved.offerId}' is for another dataset or contract definition than this negotiation` };
  }
  const denial = contractPolicyDenial(q);
  if (denial) return { outcome: 'deny', reason: denial };
  const standsBehind = sameRules(q.terms, resolved.offer) || (n.providerOffer !== undefined && sameRules(q.terms, n.providerOffer.offer));
  if (!standsBehind) return { outcome: 'counter-offer', reason: 'counter-offer: we offer our terms', offer: resolved.offer };
  const operatorOffered = n.providerOffer?.byOperator === true && sameRules(q.terms, n.providerOffer.offer);
  if (resolved.approval === 'manual' && !q.approved && !operatorOffered) return { outcome: 'await-approval', reason: 'the contract definition needs an operator approval' };
  return { outcome: 'agree', reason: q.approved || operatorOffered ? 'contract policy allowed; approved by the operator' : 'contract policy allowed' };
}

function contractPolicyDenial(q: AgreementQuestion): string | undefined {
  const { resolved } = q;
  if (!resolved) return 'no offer';
  let evaluation: PolicyEvaluation;
  try {
    evaluation = q.engine.evaluate(resolved.parsedContractPolicy ?? q.engine.parse(resolved.contractPolicy), {
      scope: 'negotiation',
      agent: q.agent,
      now: q.now,
      target: resolved.assetId,
    });
  } catch (error) {
    return `the contract policy cannot be evaluated: ${(error as Error).message}`;
  }
  if (evaluation.allowed) return undefined;
  return evaluation.problems.map((p) => `${p.path}: ${p.message}`).join('; ') || 'the contract policy denies';
}
