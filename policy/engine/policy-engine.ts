import { ConnectorError } from '../../core/index.js';
import type { Policy } from '../model/policy.js';
import { BUILTIN_FUNCTIONS } from '../functions/builtin-functions.js';
import type { ConstraintFunction, ConstraintFunctionDefinition } from './constraint-function.js';
import { compilePolicy, type CompiledPolicy } from './compile-policy.js';
import { denyOnThrow } from './deny-on-throw.js';
import type { EvaluationContext } from './evaluation-context.js';
import type { PolicyEvaluation } from './evaluation-result.js';
import { createFunctionRegistry, toOperandIri } from './function-registry.js';
import type { PolicyScope } from './policy-scope.js';
import { DEFAULT_PURPOSES, createPurposeHierarchy, type PurposeTree } from './purpose-hierarchy.js';
import { validateWithRegistry, type PolicyValidation } from './validate-policy.js';

export interface PolicyEngineOptions {
  /** narrower → broader purposes; replaces the default tree. */
  purposes?: PurposeTree;
  /** Register the built-in functions (default true). */
  builtins?: boolean;
}

export interface PolicyEngine {
  /** Binds `fn` to a left operand (IRI, CURIE or bare ODRL name) in one scope. Replaces an earlier binding. */
  register(scope: PolicyScope, leftOperand: string, fn: ConstraintFunction): void;
  /** Registers a function definition: its operands, scopes, deferrals and validator. */
  define(definition: ConstraintFunctionDefinition): void;
  /** Never throws; denies with problems on anything it cannot decide. Compiles the policy on first use (cached per object). */
  evaluate(policy: Policy, context: EvaluationContext): PolicyEvaluation;
  /** Compiles once into closures; `evaluate` gives exactly what `engine.evaluate` gives. Functions are looked up per call. */
  compile(policy: Policy): CompiledPolicy;
  /** Structural and semantic validation (unknown operands, wrong operators or values), with JSON pointers. */
  validate(json: unknown): PolicyValidation;
  /** Like `validate`, but returns the policy or throws `ConnectorError('POLICY_INVALID', {violations})`. */
  parse(json: unknown): Policy;
  /** Whether a function decides `leftOperand` (IRI, CURIE or bare ODRL name) in `scope`; otherwise it always denies there. */
  decides(scope: PolicyScope, leftOperand: string): boolean;
}

export function createPolicyEngine(options: PolicyEngineOptions = {}): PolicyEngine {
  const registry = createFunctionRegistry();
  const purposes = createPurposeHierarchy(options.purposes ?? DEFAULT_PURPOSES);
  if (options.builtins !== false) for (const def of BUILTIN_FUNCTIONS) registry.define(def);
  const compiled = new WeakMap<Policy, CompiledPolicy>();
  const compile = (policy: Policy): CompiledPolicy => {
    const cached = compiled.get(policy);
    if (cached) return cached;
    let run: ReturnType<typeof compilePolicy>;
    try {
      run = compilePolicy(policy, registry, purposes);
    } catch (e) {
      // Not a parsed policy: deny on every call, with the reason, instead of throwing.
      return {
        policy,
        evaluate: () =>
          denyOnThrow(() => {
            throw e;
          }),
      };
    }
    const out: CompiledPolicy = { policy, evaluate: (context) => denyOnThrow(() => run(context)) };
    compiled.set(policy, out);
    return out;
  };
  return {
    register: registry.register,
    define: registry.define,
    evaluate: (policy, context) => compile(policy).evaluate(context),
    compile,
    decides: (scope, leftOperand) => registry.find(scope, toOperandIri(leftOperand)) !== undefined,
    validate: (json) => {
      const { valid, problems } = validateWithRegistry(json, registry);
      return { valid, problems };
    },
    parse: (json) => {
      const { policy, problems } = validateWithRegistry(json, registry);
      if (policy) return policy;
      const first = problems[0];
      throw new ConnectorError('POLICY_INVALID', { violations: problems, detail: first ? `${first.pointer || '/'}: ${first.message}` : 'the policy is invalid' });
    },
  };
}

export const createDefaultPolicyEngine = (): PolicyEngine => createPolicyEngine();
