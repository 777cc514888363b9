import { fl } from '../model/iri.js';
import { str } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { TRAINING_BINDING } from './training-fact.js';

export const PLAN_HASH = /^sha(256|384|512):[0-9a-f]+$/;

/** `fl:planHash eq "sha256:<hex>"`: the pinned plan (model, loss, optimizer, epochs, outputs) the round runs. */
export const planHashFunction: ConstraintFunctionDefinition = {
  name: 'planHash',
  leftOperands: [fl('planHash')],
  ...TRAINING_BINDING,
  evaluate: (input) => {
    const h = input.context.training?.planHash;
    return checkOperand(input, typeof h === 'string' ? str(h.toLowerCase()) : undefined, 'the round names no plan hash (training.planHash)');
  },
  validate: operandRules({
    operators: ['eq'],
    kind: 'text',
    item: (v) => (typeof v.value === 'string' && PLAN_HASH.test(v.value) ? undefined : `'${String(v.value)}' is not "sha256:<lowercase hex>"`),
  }),
};
