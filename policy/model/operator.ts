import { NS } from './iri.js';

export const OPERATORS = ['eq', 'neq', 'lt', 'lteq', 'gt', 'gteq', 'isA', 'hasPart', 'isPartOf', 'isAllOf', 'isAnyOf', 'isNoneOf'] as const;
export type Operator = (typeof OPERATORS)[number];

export const LOGICAL_OPERATORS = ['and', 'or', 'xone', 'andSequence'] as const;
export type LogicalOperator = (typeof LOGICAL_OPERATORS)[number];

export const ORDERING_OPERATORS: readonly Operator[] = ['lt', 'lteq', 'gt', 'gteq'];

/** An expanded operator IRI → the operator, or undefined when it is not an ODRL operator. */
export function toOperator(expanded: string): Operator | undefined {
  if (!expanded.startsWith(NS.odrl)) return undefined;
  const local = expanded.slice(NS.odrl.length);
  return (OPERATORS as readonly string[]).includes(local) ? (local as Operator) : undefined;
}

export function toLogicalOperator(local: string): LogicalOperator | undefined {
  return (LOGICAL_OPERATORS as readonly string[]).includes(local) ? (local as LogicalOperator) : undefined;
}
