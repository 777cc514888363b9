import { NS, compactIri, cx, expandIri, odrl } from '../model/iri.js';
import { displayValue, itemsOf } from '../model/value.js';
import type { ConstraintFunctionDefinition, ConstraintInput, Verdict } from '../engine/constraint-function.js';
import { operandRules } from '../engine/operand-rules.js';
import { USAGE_SCOPES } from '../engine/policy-scope.js';

/** Each restriction and the requested actions (or a third-party recipient) that visibly break it. */
const RESTRICTIONS: Readonly<Record<string, { meaning: string; actions: readonly string[]; thirdParty?: boolean }>> = {
  'cx.thirdParty.forbidden:1': { meaning: 'no making the data available to third parties', actions: ['distribute', 'give', 'sell', 'transfer'].map(odrl), thirdParty: true },
  'cx.manipulation.forbidden:1': { meaning: 'no manipulating the data', actions: ['modify', 'transform'].map(odrl) },
  'cx.derivations.forbidden:1': { meaning: 'no derived data or works', actions: ['derive', 'aggregate', 'extract'].map(odrl) },
  'cx.extraordinaryAnalytics.forbidden:1': { meaning: 'no analytics beyond the agreed purpose', actions: [] },
  'cx.dataProviderRemoval.forbidden:1': { meaning: "no removing the provider's name or marks", actions: [] },
};
const rules = operandRules({ operators: ['isAllOf'], kind: 'text', list: 'allowed', values: Object.keys(RESTRICTIONS) });

/**
 * `UsageRestriction isAllOf [...]` (Catena-X, prohibitions only). The prohibition applies (denies) when
 * the request visibly breaks a listed restriction: a prohibited action (e.g. `distribute` under
 * thirdParty.forbidden) or a recipient other than the participant. Otherwise the restrictions are
 * reported as deferred contract terms: they bind the consumer's later conduct, which no request shows.
 */
export const usageRestrictionFunction: ConstraintFunctionDefinition = {
  name: 'usageRestriction',
  leftOperands: [cx('UsageRestriction')],
  scopes: USAGE_SCOPES,
  evaluate: (input): Verdict => {
    const wrong = rules(input.constraint)[0];
    if (wrong) return { status: 'error', actual: displayValue(input.constraint.rightOperand), message: wrong.message };
    if (input.ruleKind !== 'prohibition') return { status: 'error', message: 'UsageRestriction is a prohibition constraint; in a permission or duty it has no meaning' };
    const listed = itemsOf(input.constraint.rightOperand).map((v) => String(v.value));
    const broken = listed.filter((r) => breaks(r, input));
    if (broken.length > 0) {
      const seen = input.context.action ?? 'use';
      return {
        status: 'true',
        actual: { action: compactIri(actionOf(input)), recipient: input.context.recipient },
        expected: listed,
        message: `UsageRestriction: this request (${seen}) breaks ${broken.map((r) => `${r} (${RESTRICTIONS[r]?.meaning})`).join(', ')}`,
      };
    }
    return {
      status: 'deferred',
      message: `contract terms UsageRestriction ${listed.join(', ')}: ${listed.map((r) => RESTRICTIONS[r]?.meaning).join('; ')}. Nothing in this request breaks them; they bind the consumer's later conduct through the agreement`,
    };
  },
  validate: (c) => [
    ...rules(c),
    ...(c.path.startsWith('/prohibition') ? [] : [{ pointer: `${c.path}/leftOperand`, message: 'cx-policy:UsageRestriction belongs in a prohibition' }]),
  ],
};

function actionOf(input: ConstraintInput): string {
  const a = input.context.action;
  return typeof a === 'string' ? expandIri(a, undefined, NS.odrl) : odrl('use');
}

function breaks(restriction: string, input: ConstraintInput): boolean {
  const r = RESTRICTIONS[restriction];
  if (!r) return false;
  if (r.actions.includes(actionOf(input))) return true;
  const { agent, recipient } = input.context;
  if (!r.thirdParty || !agent || recipient === undefined) return false;
  return recipient !== agent.id && recipient !== agent.claims.businessPartnerNumber;
}
