import type { CompiledPolicy, EvaluationContext, PolicyEngine, PolicyEvaluation } from '../../policy/index.js';
import type { ConnectorMetrics } from './connector-metrics.js';

/** The policy engine with every evaluation counted by scope and outcome; the engine itself stays pure. */
export function instrumentPolicyEngine(engine: PolicyEngine, metrics: Pick<ConnectorMetrics, 'policyDecisions'>): PolicyEngine {
  const count = (context: EvaluationContext, result: PolicyEvaluation) => {
    metrics.policyDecisions.inc({ scope: context.scope, outcome: result.allowed ? 'permit' : 'deny' });
    return result;
  };
  return {
    register: (scope, leftOperand, fn) => engine.register(scope, leftOperand, fn),
    define: (definition) => engine.define(definition),
    validate: (json) => engine.validate(json),
    parse: (json) => engine.parse(json),
    decides: (scope, leftOperand) => engine.decides(scope, leftOperand),
    evaluate: (policy, context) => count(context, engine.evaluate(policy, context)),
    compile: (policy): CompiledPolicy => {
      const compiled = engine.compile(policy);
      return { ...compiled, evaluate: (context) => count(context, compiled.evaluate(context)) };
    },
  };
}
