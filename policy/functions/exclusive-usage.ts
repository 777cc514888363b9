import { cx } from '../model/iri.js';
import type { ConstraintFunctionDefinition, Verdict } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { USAGE_SCOPES } from '../engine/policy-scope.js';

export const EXCLUSIVE_TO_CONSUMER = 'cx.exclusiveUsage.dataConsumer:1';

/**
 * `ExclusiveUsage eq cx.exclusiveUsage.dataConsumer:1` (Catena-X): only the consumer itself may use the
 * data. Checked where the request shows it: a `recipient` other than the participant (DID or BPN) fails.
 * What the consumer does inside its own systems stays a contractual commitment (said in the message).
 */
export const exclusiveUsageFunction: ConstraintFunctionDefinition = {
  name: 'exclusiveUsage',
  leftOperands: [cx('ExclusiveUsage')],
  scopes: USAGE_SCOPES,
  evaluate: (input): Verdict => {
    const v = input.constraint.rightOperand;
    if (input.constraint.operator !== 'eq' || (v.type !== 'string' && v.type !== 'iri') || v.value !== EXCLUSIVE_TO_CONSUMER) {
      return { status: 'error', message: `ExclusiveUsage only supports eq ${EXCLUSIVE_TO_CONSUMER}` };
    }
    const agent = input.context.agent;
    if (!agent) return { status: 'error', expected: 'the consumer itself', message: 'ExclusiveUsage: the request names no participant' };
    const recipient = input.context.recipient ?? agent.id;
    const own = recipient === agent.id || (agent.claims.businessPartnerNumber !== undefined && recipient === agent.claims.businessPartnerNumber);
    return own
      ? { status: 'true', actual: recipient, expected: agent.id, message: 'ExclusiveUsage: the data goes to the consumer itself (its internal use stays a contractual commitment)' }
      : { status: 'false', actual: recipient, expected: agent.id, message: `ExclusiveUsage: the data is for ${agent.id} only, but the recipient is ${recipient}` };
  },
  validate: operandRules({ operators: ['eq'], kind: 'text', values: [EXCLUSIVE_TO_CONSUMER] }),
};
