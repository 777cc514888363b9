import type { Request, Response } from 'express';
import { findPolicyTemplate, POLICY_TEMPLATES, type PolicyEngine, type PolicyTemplate } from '../../../policy/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';

const summary = (t: PolicyTemplate) => ({ id: t.id, title: t.title, description: t.description, pattern: t.pattern, parameters: t.parameters, example: t.example });

/**
 * GET /api/v1/policy-templates (the ready-made policies and their parameters) and
 * POST /api/v1/policy-templates/{id}/instantiate `{parameters}` → `{policy}`. Bad parameters are a 400
 * naming `/parameters/<name>`; an unknown template is a 404. The result is checked by the engine, so it
 * can be stored with POST /api/v1/policies as is.
 */
export function policyTemplatesRoutes(deps: { engine: PolicyEngine; validator: RequestValidator }): RouteDef[] {
  const list = (_req: Request, res: Response) => {
    res.json({ templates: POLICY_TEMPLATES.map(summary) });
  };
  const instantiate = (req: Request, res: Response) => {
    const template = findPolicyTemplate(String(req.params.id));
    const body = deps.validator.validate<{ parameters: Record<string, unknown> }>('PolicyTemplateInstantiateRequest', req.body);
    const policy = template.instantiate(body.parameters);
    deps.engine.parse(policy);
    res.json({ policy });
  };
  return [
    { method: 'get', path: '/api/v1/policy-templates', handler: list },
    { method: 'post', path: '/api/v1/policy-templates/{id}/instantiate', handler: instantiate, body: true },
  ];
}
