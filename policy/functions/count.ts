import { fl, odrl } from '../model/iri.js';
import { num } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { USAGE_SCOPES } from '../engine/policy-scope.js';

export const TRAINING_ROUND = fl('TrainingRound');

/**
 * `count`: the number of this execution (earlier ones + 1). With unit `fl:TrainingRound` it counts
 * training rounds (`roundCount`), otherwise uses (`usageCount`). At negotiation nothing has been used; a round
 * budget is deferred from `transfer` (the training transfer) to `training.round`.
 */
export const countFunction: ConstraintFunctionDefinition = {
  name: 'count',
  leftOperands: [odrl('count')],
  scopes: USAGE_SCOPES,
  evaluate: (input) => {
    const rounds = input.constraint.unit === TRAINING_ROUND;
    // A round budget is spent by training rounds only; starting the training transfer spends none of it.
    if (rounds && input.context.scope === 'transfer' && input.context.roundCount === undefined) {
      return { status: 'deferred', message: 'the round budget is checked on every training round', until: 'training.round' };
    }
    const field = rounds ? 'roundCount' : 'usageCount';
    const raw = input.context[field] ?? (input.context.scope === 'negotiation' ? 0 : undefined);
    const ok = typeof raw === 'number' && Number.isInteger(raw) && raw >= 0;
    return checkOperand(input, ok ? num(raw + 1) : undefined, `context.${field} must be a non-negative integer in scope '${input.context.scope}'`, { coerce: 'number' });
  },
  validate: operandRules({ operators: ['eq', 'lt', 'lteq', 'gt', 'gteq'], kind: 'integer', coerce: 'number' }),
  units: [TRAINING_ROUND],
};
