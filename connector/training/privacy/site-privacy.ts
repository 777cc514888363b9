import { ConnectorError } from '../../../core/index.js';
import type { Policy } from '../../../policy/index.js';
import { budgetRound, type BudgetedRound } from './privacy-budget.js';
import type { PrivacyLedger } from './privacy-ledger.js';
import { privacyTermsOf } from './privacy-terms.js';

const deny = (reason: string): never => {
  throw new ConnectorError('POLICY_DENIED', { detail: reason });
};

/**
 * The site gate's privacy step (issue 14, item 2): reads the agreement's budget, what the ledger says was spent on the
 * data set by this counterparty (every agreement between them on it), and decides the round (budgetRound); undefined
 * when the agreement sets no budget. A refusal is a POLICY_DENIED naming the reason,
 * which the gate records in the audit log like any other denial.
 */
export async function checkPrivacyBudget(
  ledger: PrivacyLedger | undefined,
  policy: Policy,
  input: {
    agreementId: string;
    task: string;
    sampleCount: number;
    plan: { batchSize: number; localEpochs: number };
    clipNorm: number;
    noiseMultiplier: number;
    dpSgd?: boolean | undefined;
  },
): Promise<BudgetedRound | undefined> {
  const terms = privacyTermsOf(policy);
  if (terms.epsilon === undefined) return undefined;
  if (!ledger) return deny('the agreement sets a privacy budget (fl:epsilon) and this site keeps no privacy ledger');
  if (input.task === 'fit' && input.dpSgd === false)
    return deny('the agreement sets a privacy budget (fl:epsilon) and this site trains with its own program (training.localTrainer), which cannot run DP-SGD');
  const decided = budgetRound({ terms, spends: await ledger.findShared(input.agreementId), ...input });
  return decided.ok ? decided.round : deny(decided.reason);
}

/**
 * Charges a served fit round to the ledger (the agreement's own share); refuses when a concurrent round on the same
 * budget (this agreement or another on the same data set with the same counterparty) charged first.
 */
export async function chargePrivacyBudget(ledger: PrivacyLedger | undefined, agreementId: string, round: BudgetedRound): Promise<void> {
  if (!ledger) return deny('no privacy ledger');
  const charged = await ledger.spend(agreementId, round.rounds, { delta: round.delta, epsilon: round.own.epsilon, rdp: round.own.rdp });
  if (!charged) deny('another round on this data set by this counterparty was charged to the privacy budget at the same time; ask again');
}

/** What every receipt under a budget carries: ε spent on the data set by this counterparty (after this round), the budget, and δ. */
export const receiptPrivacy = (round: BudgetedRound | undefined) => (round ? { epsilonSpent: round.after.epsilon, epsilonBudget: round.epsilonBudget, delta: round.delta } : {});
