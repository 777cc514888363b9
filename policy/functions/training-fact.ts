import type { Operator } from '../model/operator.js';
import { fl } from '../model/iri.js';
import { num } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import type { TrainingRoundFacts } from '../engine/evaluation-context.js';
import { operandRules } from '../engine/operand-rules.js';

/** Federated-training terms are decided per round; negotiation and transfer defer them explicitly. */
export const TRAINING_BINDING = {
  scopes: ['training.round'],
  deferredScopes: { negotiation: 'training.round', transfer: 'training.round' },
} as const satisfies Pick<ConstraintFunctionDefinition, 'scopes' | 'deferredScopes'>;

export interface NumericFactSpec {
  term: string;
  fact: keyof TrainingRoundFacts;
  /** Only operators that keep the agreed bound safe (e.g. clip norm may only be capped). */
  operators: readonly Operator[];
  integer: boolean;
  /** Smallest allowed right operand. */
  min: number;
  minInclusive: boolean;
  /** Largest allowed right operand, exclusive (δ must stay below 1). */
  maxExclusive?: number;
}

/** A numeric fact the site reports for the round, compared with the agreed bound. */
export function numericTrainingFact(spec: NumericFactSpec): ConstraintFunctionDefinition {
  return {
    name: spec.term,
    leftOperands: [fl(spec.term)],
    ...TRAINING_BINDING,
    evaluate: (input) => {
      const v = input.context.training?.[spec.fact];
      const actual = typeof v === 'number' && Number.isFinite(v) ? num(v) : undefined;
      return checkOperand(input, actual, `the round reports no training.${spec.fact}`, { coerce: 'number' });
    },
    validate: operandRules({
      operators: spec.operators,
      kind: spec.integer ? 'integer' : 'number',
      coerce: 'number',
      item: (x) => {
        if (x.type !== 'number' || !(spec.minInclusive ? x.value >= spec.min : x.value > spec.min)) return `must be ${spec.minInclusive ? '≥' : '>'} ${spec.min}`;
        return spec.maxExclusive !== undefined && !(x.value < spec.maxExclusive) ? `must be < ${spec.maxExclusive}` : undefined;
      },
    }),
  };
}
