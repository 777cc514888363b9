import { cx, kontor } from '../model/iri.js';
import { list, str, type ScalarValue } from '../model/value.js';
import { checkOperand, setOperator } from '../engine/check-operand.js';
import type { KeyedMatcher } from '../engine/compare-operands.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';

const FORMAT = /^[A-Za-z][\w.-]*(?::[\w.-]+)?$/;

const NAME = '\u0000name\u0000';
/** "Name:1.0" matches a held "Name:1.0"; "Name" alone matches any version of Name. By keys: sets compare in O(held + listed). */
const matches: KeyedMatcher = {
  actualKeys: (held) => (typeof held.value === 'string' ? [held.value, NAME + held.value.split(':')[0]] : []),
  expectedKey: (wanted: ScalarValue) => (typeof wanted.value !== 'string' ? '\u0001' : wanted.value.includes(':') ? wanted.value : NAME + wanted.value),
};

/**
 * `FrameworkAgreement` (Catena-X, e.g. "DataExchangeGovernance:1.0") / `kontor:frameworkAgreement`:
 * the participant holds a verified framework-agreement credential with that name and version.
 */
export const frameworkAgreementFunction: ConstraintFunctionDefinition = {
  name: 'frameworkAgreement',
  leftOperands: [cx('FrameworkAgreement'), kontor('frameworkAgreement')],
  scopes: ALL_SCOPES,
  evaluate: (input) => {
    const agent = input.context.agent;
    const held = agent ? list((agent.claims.frameworkAgreements ?? []).map((f) => str(`${f.name}:${f.version}`))) : undefined;
    return checkOperand(input, held, 'the request names no participant', { match: matches, operator: setOperator(input.constraint.operator) });
  },
  validate: operandRules({
    operators: ['eq', 'neq', 'isAnyOf', 'isAllOf', 'isNoneOf'],
    kind: 'text',
    list: 'allowed',
    operator: setOperator,
    item: (v) => (typeof v.value === 'string' && FORMAT.test(v.value) ? undefined : `'${String(v.value)}' is not "Name:version"`),
  }),
};
