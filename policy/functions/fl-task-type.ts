import { NS, expandIri, fl } from '../model/iri.js';
import { iri, type Value } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { TRAINING_BINDING } from './training-fact.js';

/** Round tasks, and `fl:exportModel`: the contract allows handing the trained model out (connector/training/model-result/). */
export const TASK_TYPES = [fl('fit'), fl('evaluate'), fl('statistics'), fl('exportModel')];
const toTask = (term: string): string => expandIri(term, undefined, NS.fl);
const mapRight = (v: Value): Value => (v.type === 'list' ? { type: 'list', items: v.items.map(mapRight) } : v.type === 'string' || v.type === 'iri' ? iri(toTask(v.value)) : v);

/** `fl:taskType isAnyOf [fl:fit, fl:evaluate, fl:statistics]` (usually an action refinement): what the round asks the site to run. */
export const taskTypeFunction: ConstraintFunctionDefinition = {
  name: 'taskType',
  leftOperands: [fl('taskType')],
  ...TRAINING_BINDING,
  evaluate: (input) => {
    const t = input.context.training?.taskType;
    return checkOperand(input, typeof t === 'string' ? iri(toTask(t)) : undefined, 'the round names no task type (training.taskType)', { mapRight });
  },
  validate: (c) =>
    operandRules({ operators: ['eq', 'neq', 'isAnyOf', 'isNoneOf'], kind: 'text', list: 'allowed', values: TASK_TYPES })({ ...c, rightOperand: mapRight(c.rightOperand) }),
};
