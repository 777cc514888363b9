import { compactIri, cx, odrl } from '../model/iri.js';
import { memoizeObject } from '../model/memoize.js';
import { displayValue, iri, itemsOf, type ScalarValue, type Value } from '../model/value.js';
import { checkOperand } from '../engine/check-operand.js';
import type { ConstraintFunctionDefinition } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { ALL_SCOPES } from '../engine/policy-scope.js';
import { normalisePurpose } from '../engine/purpose-hierarchy.js';

const normalise: (v: Value) => Value = memoizeObject(
  (v: Value): Value => (v.type === 'list' ? { type: 'list', items: v.items.map(normalise) } : v.type === 'string' || v.type === 'iri' ? iri(normalisePurpose(v.value)) : v),
);

/**
 * The declared purpose in the form the policy writes its purposes: compacted (`purpose:research`) when every purpose
 * of the right operand is shown compacted, otherwise in full. A policy's bare `research` is not the IRI
 * `purpose:research`, and a denial must not read as if it were.
 */
function showActualLike(right: Value): (v: Value) => unknown {
  const compacted = itemsOf(right).every((item) => {
    if (item.type !== 'string' && item.type !== 'iri') return false;
    const full = normalisePurpose(item.value);
    return full.includes(':') && displayValue(item) === compactIri(full);
  });
  return compacted ? displayValue : (v) => (v.type === 'iri' ? v.value : displayValue(v));
}

/**
 * `purpose` and Catena-X `UsagePurpose`: the purpose the request declares. `isA`, `isAnyOf`,
 * `isAllOf`, `isPartOf`, `hasPart` and `isNoneOf` use the purpose hierarchy (a narrower purpose
 * satisfies a broader one); `eq`/`neq` compare exactly. Enforced, not just recorded: at negotiation
 * a request without a declared purpose defers the check to transfer and training rounds.
 */
export const purposeFunction: ConstraintFunctionDefinition = {
  name: 'purpose',
  leftOperands: [odrl('purpose'), cx('UsagePurpose')],
  scopes: ALL_SCOPES,
  evaluate: (input) => {
    const declared = input.context.purpose;
    // A negotiation agrees on the purpose; DSP carries no declared purpose, so without one the check moves to each use.
    if (input.context.scope === 'negotiation' && (typeof declared !== 'string' || declared.trim() === '')) {
      return { status: 'deferred', message: 'the purpose is bound by the agreement and checked on every transfer and training round', until: 'transfer' };
    }
    const actual = typeof declared === 'string' && declared.trim() !== '' ? iri(normalisePurpose(declared)) : undefined;
    const match = (a: ScalarValue, e: ScalarValue): boolean =>
      (a.type === 'iri' || a.type === 'string') && (e.type === 'iri' || e.type === 'string') && input.purposes.satisfies(a.value, e.value);
    return checkOperand(input, actual, 'the request declares no purpose', { match, mapRight: normalise, showActual: showActualLike(input.constraint.rightOperand) });
  },
  validate: operandRules({ operators: ['eq', 'neq', 'isA', 'isAnyOf', 'isAllOf', 'isPartOf', 'hasPart', 'isNoneOf'], kind: 'text', list: 'allowed' }),
};
