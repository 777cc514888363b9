import { ConnectorError } from '../../core/index.js';
import type { ParticipantAgent, PolicyEngine } from '../../policy/index.js';
import type { Clock, Logger } from '../../core/index.js';
import type { AgreementStore, ContractAgreement } from '../negotiation/index.js';
import { parsedAgreementPolicies } from '../negotiation/index.js';
import type { StandingCheck } from '../peer/standing-check.js';
import type { AuditInput } from '../audit/index.js';
import { transferDenialEntry } from './transfer-audit.js';

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
  /** A denial by the contract policy at a transfer request or resume, for the audit log (transferDenialEntry). */
  recordDenial?: ((entry: AuditInput) => void) | undefined;
}) {
  const policyOf = parsedAgreementPolicies(deps.engine);
  return {
    /**
     * Throws (VALIDATION_FAILED for a wrong agreement, FORBIDDEN when revoked, POLICY_DENIED) or returns the agreement.
     * A policy denial at a request or resume (`occasion`) is recorded in the audit log; the data plane's checks of every
     * pull are not (the policy monitor ends such a transfer and records that), so a client repeating a refused pull
     * cannot grow the log.
     */
    async check(input: { agreementId: string; agent: ParticipantAgent; purpose?: string | undefined; occasion?: 'request' | 'resume' }): Promise<ContractAgreement> {
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
        const reason = evaluation.problems.map((p) => `${p.path}: ${p.message}`).join('; ') || 'the contract policy denies the transfer';
        if (input.occasion) deps.recordDenial?.(transferDenialEntry({ agreement: a, counterPartyId: input.agent.id, occasion: input.occasion, reason, purpose: input.purpose }));
        throw new ConnectorError('POLICY_DENIED', { detail: reason });
      }
      return a;
    },
  };
}

export type TransferPolicy = ReturnType<typeof transferPolicy>;
