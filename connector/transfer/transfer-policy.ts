import { ConnectorError } from '../../core/index.js';
import type { Deferral, ParticipantAgent, PolicyEngine } from '../../policy/index.js';
import type { Clock, Logger } from '../../core/index.js';
import type { AgreementStore, ContractAgreement } from '../negotiation/index.js';
import { parsedAgreementPolicies } from '../negotiation/index.js';
import type { StandingCheck } from '../peer/standing-check.js';
import type { AuditInput } from '../audit/index.js';
import { transferDenialEntry } from './transfer-audit.js';
import { revokedAgreementRefusal } from './agreement-revocation-signal.js';
import type { TransferUseLedger } from './transfer-use-ledger.js';

type Caller = {
  agreementId: string;
  agent: ParticipantAgent;
  purpose?: string | undefined;
  /**
   * The transfer's type. Only a FederatedTraining transfer reaches the training rounds (scope `training.round`) that
   * settle the terms the policy defers to them (fl: terms, a round count); any other type with such a term is denied.
   * Absent (unit tests only: every caller in the connector passes it): the deferral stands.
   */
  transferType?: string | undefined;
};

/** The deferrals no later check of this transfer settles: those left to training rounds, unless it is a training transfer. */
export function unsettledDeferrals(deferred: readonly Deferral[], transferType: string | undefined): string[] {
  if (transferType === undefined || transferType === 'FederatedTraining') return [];
  return deferred
    .filter((d) => d.until !== undefined && d.until !== 'transfer')
    .map((d) => `${d.path}: ${d.constraint} is settled only in scope '${d.until}' (federated training), which a transfer of type ${transferType} never reaches`);
}

/**
 * Whether a transfer may happen (or go on) under an agreement: it exists, is active, binds us (assigner) and the
 * caller (assignee), and its contract policy allows scope `transfer` now for this agent and purpose; the caller is not suspended.
 * Agreement policies never change, so each is parsed once (parsedAgreementPolicies). A `count` of uses counts the
 * accepted transfers (docs/decisions/0040-transfer-use-counting.md): `admit` claims one, `check` evaluates with the
 * transfer's own use.
 */
export function transferPolicy(deps: {
  agreements: AgreementStore;
  engine: PolicyEngine;
  clock: Clock;
  logger: Logger;
  participantId: string;
  /** The agreements' uses by accepted transfers. */
  uses: TransferUseLedger;
  standing?: StandingCheck | undefined;
  /** A denial by the contract policy at a transfer request or resume, for the audit log (transferDenialEntry). */
  recordDenial?: ((entry: AuditInput) => void) | undefined;
}) {
  const policyOf = parsedAgreementPolicies(deps.engine);

  async function agreementFor(input: Caller): Promise<ContractAgreement> {
    const a = await deps.agreements.findById(input.agreementId);
    if (!a || a.assignee !== input.agent.id || a.assigner !== deps.participantId) {
      throw new ConnectorError('VALIDATION_FAILED', { detail: `no agreement '${input.agreementId}' between us and the caller` });
    }
    // The code a consumer recognises (isRevocationRefusal) to mark its own record of the agreement revoked.
    if (a.status === 'revoked') throw revokedAgreementRefusal(a.id);
    await deps.standing?.(input.agent.id);
    return a;
  }

  const evaluate = (a: ContractAgreement, input: Caller, usageCount: number | undefined) =>
    deps.engine.evaluate(policyOf(a), {
      scope: 'transfer',
      agent: input.agent,
      now: deps.clock.now(),
      target: a.assetId,
      agreementStart: a.signedAt,
      ...(input.purpose ? { purpose: input.purpose } : {}),
      ...(usageCount === undefined ? {} : { usageCount }),
    });

  /** The policy's problems with the transfer as `usageCount + 1`st use (undefined: not known, a `count` fails closed); [] when allowed. */
  function findProblems(a: ContractAgreement, input: Caller, usageCount: number | undefined): string[] {
    const evaluation = evaluate(a, input, usageCount);
    if (evaluation.allowed) return unsettledDeferrals(evaluation.deferred, input.transferType);
    return evaluation.problems.map((p) => `${p.path}: ${p.message}`);
  }

  function problems(a: ContractAgreement, input: Caller, usageCount: number | undefined): string[] {
    const found = findProblems(a, input, usageCount);
    if (found.length > 0) deps.logger.info({ agreementId: a.id, counterPartyId: input.agent.id, problems: found }, 'contract policy denied a transfer');
    return found;
  }

  function deny(a: ContractAgreement, input: Caller, found: string[], occasion: 'request' | 'resume' | undefined): never {
    const reason = found.join('; ') || 'the contract policy denies the transfer';
    if (occasion) deps.recordDenial?.(transferDenialEntry({ agreement: a, counterPartyId: input.agent.id, occasion, reason, purpose: input.purpose }));
    throw new ConnectorError('POLICY_DENIED', { detail: reason });
  }

  return {
    /**
     * A transfer that was admitted, again (resume, data-plane pulls and token refreshes, the policy monitor): throws
     * (VALIDATION_FAILED for a wrong agreement, FORBIDDEN when revoked, POLICY_DENIED) or returns the agreement. A
     * `count` is evaluated for the transfer's own use (`useNumber`), so later transfers using up the count do not end it.
     * A policy denial at a resume (`occasion`) is recorded in the audit log; the data plane's checks of every pull are
     * not (the policy monitor ends such a transfer and records that), so a client repeating a refused pull cannot grow the log.
     */
    async check(input: Caller & { useNumber?: number | undefined; occasion?: 'resume' }): Promise<ContractAgreement> {
      const a = await agreementFor(input);
      const found = problems(a, input, input.useNumber === undefined ? undefined : input.useNumber - 1);
      if (found.length > 0) deny(a, input, found, input.occasion);
      return a;
    },
    /**
     * A TransferRequestMessage: the agreement as in `check`, then `accept` (the request's other conditions), then the
     * policy decides with the uses already claimed and, when it allows, transfer `transferId` claims the next use in
     * the same transaction (TransferUseLedger). A denial takes no use and is recorded in the audit log.
     */
    async admit(input: Caller & { transferId: string }, accept?: (a: ContractAgreement) => Promise<void>): Promise<{ agreement: ContractAgreement; useNumber: number }> {
      const a = await agreementFor(input);
      await accept?.(a);
      let found: string[] = [];
      const useNumber = await deps.uses.claim(a.id, input.transferId, (usageCount) => {
        found = problems(a, input, usageCount);
        // The uses are part of the reason only where they weigh: the same request as the first use fares better.
        if (found.length > 0 && usageCount > 0 && findProblems(a, input, 0).length < found.length)
          found.push(`${usageCount} transfers accepted under the agreement before, this would be use ${usageCount + 1}`);
        return found.length === 0;
      });
      if (useNumber === undefined) deny(a, input, found, 'request');
      return { agreement: a, useNumber };
    },
  };
}

export type TransferPolicy = ReturnType<typeof transferPolicy>;
