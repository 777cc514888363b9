import type { LogicalOperator, Operator } from './operator.js';
import type { Value } from './value.js';

/** `leftOperand operator rightOperand`, all terms expanded to IRIs. `path` is its JSON pointer. */
export interface AtomicConstraint {
  kind: 'atomic';
  path: string;
  leftOperand: string;
  operator: Operator;
  rightOperand: Value;
  unit?: string;
  /** The constraint's `dataType`: the datatype of its plain literals. */
  dataType?: string;
  /** The datatypes the right operand's literals give themselves (`{"@value", "@type"}`), each once, expanded. */
  valueTypes?: readonly string[];
}

/** `and`, `or`, `xone`, `andSequence` over nested constraints. */
export interface LogicalConstraint {
  kind: 'logical';
  path: string;
  operator: LogicalOperator;
  constraints: readonly Constraint[];
}

export type Constraint = AtomicConstraint | LogicalConstraint;
