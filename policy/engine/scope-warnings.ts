import type { EvaluationContext } from './evaluation-context.js';
import { neverHoldsWarnings } from './never-holds-warnings.js';
import type { PolicyEngine } from './policy-engine.js';

/** A constraint that depends on request facts a scope never carries: there it can never hold. */
export interface ScopeWarning {
  /** JSON pointer of the constraint in the policy, e.g. `/permission/0/constraint/1`. */
  pointer: string;
  scope: EvaluationContext['scope'];
  /** The facts the constraint reads that this scope lacks, e.g. `purpose`. */
  needs: string[];
  message: string;
}

/** One sample value per request fact, only to see whether a constraint's outcome depends on the fact. */
const SAMPLES: Partial<Record<keyof EvaluationContext, unknown>> = {
  purpose: 'https://w3id.org/kontor/purpose/research',
  usageCount: 0,
  roundCount: 0,
  training: { taskType: 'fl:fit', localEpochs: 1 },
  agreementStart: 0,
  spatial: 'DE',
  contractReferences: ['urn:sample'],
  affiliates: [{ bpnl: 'BPNL000000000000', region: 'DE' }],
};

type Json = Record<string, unknown>;
const RULE_KINDS = ['permission', 'prohibition', 'obligation'] as const;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

type RuleKind = (typeof RULE_KINDS)[number];

/** Every atomic constraint of a stored policy (inside logical ones too), with its rule's kind and action and its pointer. */
export function atomicConstraints(policy: Json): { pointer: string; kind: RuleKind; action: unknown; constraint: Json }[] {
  const found: { pointer: string; kind: RuleKind; action: unknown; constraint: Json }[] = [];
  const visit = (c: unknown, pointer: string, kind: RuleKind, action: unknown): void => {
    if (typeof c !== 'object' || c === null) return;
    const o = c as Json;
    if ('leftOperand' in o) {
      found.push({ pointer, kind, action, constraint: o });
      return;
    }
    for (const op of ['and', 'or', 'xone', 'andSequence']) {
      for (const [i, inner] of asArray(o[op]).entries()) visit(inner, `${pointer}/${op}/${i}`, kind, action);
    }
  };
  for (const kind of RULE_KINDS) {
    for (const [r, rule] of asArray(policy[kind]).entries()) {
      const action = (rule as Json | null)?.action ?? 'use';
      for (const [i, c] of asArray((rule as Json | null)?.constraint).entries()) visit(c, `/${kind}/${r}/constraint/${i}`, kind, action);
    }
  }
  return found;
}

/**
 * The constraints of `policy` (already valid) that can never hold in `scope`, given the request facts the scope
 * carries (`carried`, e.g. `now` and `agent` at catalog time). Each constraint is evaluated alone with only those
 * facts, then again with one missing fact supplied: when the outcome changes, the constraint reads a fact the scope
 * never has, so there it fails whoever asks (an access policy with it hides every offer from everyone). A left
 * operand that no function decides in the scope never holds there either. So does a policy without a permission, and a
 * `count` bound no use reaches (never-holds-warnings.ts).
 */
export function scopeWarnings(engine: PolicyEngine, policy: Json, scope: EvaluationContext['scope'], base: EvaluationContext): ScopeWarning[] {
  const warnings: ScopeWarning[] = neverHoldsWarnings(engine.parse(policy), scope, (operand) => engine.decides(scope, operand)).map((w) => ({ ...w, scope, needs: [] }));
  for (const { pointer, kind, action, constraint } of atomicConstraints(policy)) {
    if (!engine.decides(scope, String(constraint.leftOperand))) {
      warnings.push({ pointer, scope, needs: [], message: `${String(constraint.leftOperand)} is not decided in scope ${scope}: there this constraint never holds` });
      continue;
    }
    // In a rule of its own kind: a constraint some left operands allow only in a prohibition (cx-policy:UsageRestriction).
    const single = engine.parse({ '@type': 'Set', [kind]: [{ action, constraint: [constraint] }] });
    const outcome = (context: EvaluationContext) => {
      const e = engine.evaluate(single, context);
      return JSON.stringify([e.allowed, e.problems.map((p) => p.message), e.deferred.length]);
    };
    const without = outcome({ ...base, scope });
    const needs = Object.entries(SAMPLES)
      .filter(([fact]) => (base as unknown as Json)[fact] === undefined)
      .filter(([fact, sample]) => outcome({ ...base, scope, [fact]: sample } as EvaluationContext) !== without)
      .map(([fact]) => fact);
    // Holds (or defers) without the fact, or does not read any fact the scope lacks: nothing to warn about.
    if (needs.length === 0 || (JSON.parse(without) as [boolean])[0]) continue;
    warnings.push({
      pointer,
      scope,
      needs,
      message: `${String(constraint.leftOperand)} needs ${needs.join(', ')}, which a ${scope} request never carries: in scope ${scope} this constraint never holds`,
    });
  }
  return warnings;
}
