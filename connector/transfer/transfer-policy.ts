import { ConnectorError } from '../../core/index.js';
import type { ParticipantAgent, PolicyEngine } from '../../policy/index.js';
import type { Clock, Logger } from '../../core/index.js';
import type { AgreementStore, ContractAgreement } from '../negotiation/index.js';
import { parsedAgreementPolicies } from '../negotiation/index.js';
import type { StandingCheck } from '../peer/standing-check.js';

/**
 * Whether a transfer may happen (or go on) under an agreement: it exists, is active, binds us (assigner) and the
 * caller (assignee), and its contract policy allows scope `transfer` now for this agent and purpose; the caller is not suspended.
 * Agreement policies never change, so each is parsed once (parsedAgreementPolicies).
 */
export function transferPolicy(deps: {
  agreements: AgreementStore;
  engine: PolicyEngine;
  clock: Clock;
  logger: Logger;
  participantId: string;
  standing?: StandingCheck | undefined;
}) {
  const policyOf = parsedAgreementPolicies(deps.engine);
  return {
    /** Throws (VALIDATION_FAILED for a wrong agreement, FORBIDDEN when revoked, POLICY_DENIED) or returns the agreement. */
    async check(input: { agreementId: string; agent: ParticipantAgent; purpose?: string | undefined }): Promise<ContractAgreement> {
      const a = await deps.agreements.findById(input.agreementId);
      if (!a || a.assignee !== input.agent.id || a.assigner !== deps.participantId) {
        throw new ConnectorError('VALIDATION_FAILED', { detail: `no agreement '${input.agreementId}' between us and the caller` });
      }
      if (a.status !== 'active') throw new ConnectorError('FORBIDDEN', { detail: `agreement '${a.id}' is ${a.status}` });
      await deps.standing?.(input.agent.id);
      const evaluation = deps.engine.evaluate(policyOf(a), {
        scope: 'transfer',
        agent: input.agent,
        now: deps.clock.now(),
        target: a.assetId,
        agreementStart: a.signedAt,
        ...(input.purpose ? { purpose: input.purpose } : {}),
      });
      if (!evaluation.allowed) {
        deps.logger.info({ agreementId: a.id, counterPartyId: input.agent.id, problems: evaluation.problems }, 'contract policy denied a transfer');
        throw new ConnectorError('POLICY_DENIED', { detail: evaluation.problems.map((p) => `${p.path}: ${p.message}`).join('; ') || 'the contract policy denies the transfer' });
      }
      return a;
    },
  };
}

export type TransferPolicy = ReturnType<typeof transferPolicy>;
