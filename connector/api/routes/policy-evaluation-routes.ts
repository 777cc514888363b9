import type { Request, Response } from 'express';
import type { PolicyDefinitionStore } from '../../../catalog/index.js';
import { toIso, type Clock } from '../../../core/index.js';
import { purposeWarnings, scopeWarnings, type EvaluationContext, type PolicyEngine, type PolicyScope } from '../../../policy/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';
import { policyAsStored } from './policy-json-ld.js';

interface EvaluateBody {
  policy?: Record<string, unknown>;
  policyId?: string;
  scope: PolicyScope;
  context?: Record<string, unknown> & { participantId?: string; claims?: Record<string, unknown> };
}

/** POST /api/v1/policies/validate and /evaluate: integrators' dry runs of the policy engine. */
export function policyEvaluationRoutes(deps: { engine: PolicyEngine; store: PolicyDefinitionStore; validator: RequestValidator; clock: Clock }): RouteDef[] {
  const validate = async (req: Request, res: Response) => {
    const body = deps.validator.validate<{ policy: Record<string, unknown>; usedAs?: 'access' | 'contract' }>('PolicyValidateRequest', req.body);
    const stored = await policyAsStored(body.policy);
    const policy = deps.engine.parse(stored);
    // What the connector knows when it decides: at catalog time (access policies) only the time and the verified requester.
    const base = { now: deps.clock.now(), agent: { id: 'urn:kontor:any-requester', claims: { credentialTypes: [] } } };
    const scopes: PolicyScope[] = body.usedAs === 'access' ? ['catalog'] : body.usedAs === 'contract' ? ['negotiation'] : ['catalog', 'negotiation'];
    const warnings = [...scopes.flatMap((scope) => scopeWarnings(deps.engine, stored, scope, { ...base, scope })), ...purposeWarnings(policy)];
    res.json({ valid: true, problems: [], warnings });
  };
  const evaluate = async (req: Request, res: Response) => {
    const body = deps.validator.validate<EvaluateBody>('PolicyEvaluateRequest', req.body);
    const json = body.policy ? await policyAsStored(body.policy) : (await deps.store.getById(String(body.policyId))).policy;
    const policy = deps.engine.parse(json);
    const { participantId, claims, ...rest } = body.context ?? {};
    const context = { ...rest, scope: body.scope, now: typeof rest.now === 'string' ? rest.now : toIso(deps.clock.now()) } as EvaluationContext;
    if (participantId !== undefined || claims !== undefined) {
      context.agent = { id: participantId ?? 'urn:kontor:anonymous', claims: { credentialTypes: [], ...(claims ?? {}) } };
    }
    res.json(deps.engine.evaluate(policy, context));
  };
  return [
    { method: 'post', path: '/api/v1/policies/validate', handler: validate, body: true },
    { method: 'post', path: '/api/v1/policies/evaluate', handler: evaluate, body: true },
  ];
}
