import type { Policy, PolicyEngine } from '../../../policy/index.js';
import type { ContractAgreement } from '../../negotiation/index.js';

/** What the coordinator does with a trained model: run it (predictions) or hand it out (export). */
export type ModelAction = 'predict' | 'export';

/**
 * The contract term that allows handing the model out: the `fl:taskType` value `fl:exportModel`, beside `fl:fit`
 * and `fl:evaluate` in the same constraint or action refinement (docs/model-result.md explains the choice: ODRL's
 * `distribute` is included in `use`, so a plain `use` permission would already grant it).
 */
export const EXPORT_MODEL_TASK = 'https://w3id.org/kontor/fl/exportModel';
const TASK_TYPE = new Set(['fl:taskType', 'https://w3id.org/kontor/fl/taskType']);
const EXPORT_NAMES = new Set(['fl:exportModel', EXPORT_MODEL_TASK]);

type Json = Record<string, unknown>;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const objects = (v: unknown): Json[] => list(v).filter((x): x is Json => typeof x === 'object' && x !== null);
const idOf = (v: unknown): unknown => (typeof v === 'object' && v !== null && '@id' in v ? (v as Json)['@id'] : v);

/** Every constraint of a permission (its own, under `and`, and its actions' refinements), flattened. */
function constraintsOf(permission: Json): Json[] {
  const flat = (cs: Json[]): Json[] => cs.flatMap((c) => (c.and !== undefined ? flat(objects(c.and)) : [c]));
  return [...flat(objects(permission.constraint)), ...objects(permission.action).flatMap((a) => flat(objects(a.refinement)))];
}

/** Whether the agreed policy names `fl:exportModel` as an allowed task (eq or isAnyOf) in some permission. */
export function grantsExport(policy: Json): boolean {
  return objects(policy.permission).some((p) =>
    constraintsOf(p).some(
      (c) => TASK_TYPE.has(String(c.leftOperand)) && ['eq', 'isAnyOf'].includes(String(c.operator)) && list(c.rightOperand).some((v) => EXPORT_NAMES.has(String(idOf(v)))),
    ),
  );
}

export interface ModelUseRequest {
  engine: PolicyEngine;
  agreement: ContractAgreement;
  /** The agreement's policy, parsed by the engine. */
  policy: Policy;
  action: ModelAction;
  purpose: string;
  now: number;
  /** Who uses the model: us, the agreement's consumer (the coordinator). */
  self: string;
  /** Uses of the model already permitted under this agreement (for a `count` without unit). */
  usageCount: number;
}

/**
 * Pure: may the coordinator use the trained model under one site's agreement? The agreement must be active, and its
 * policy, evaluated in scope `transfer` as the use of the data it is, must allow the request's purpose now (purpose,
 * time window, recipient, use count; the training-round terms are deferred: they governed the training). Export also
 * needs `fl:exportModel` (grantsExport). Returns the reason when denied.
 */
export function decideModelUse(r: ModelUseRequest): { allowed: true } | { allowed: false; reason: string } {
  if (r.agreement.status !== 'active') return { allowed: false, reason: `the agreement is ${r.agreement.status}` };
  const evaluation = r.engine.evaluate(r.policy, {
    scope: 'transfer',
    agent: { id: r.self, claims: { credentialTypes: [] } },
    now: r.now,
    target: r.agreement.assetId,
    purpose: r.purpose,
    agreementStart: r.agreement.signedAt,
    usageCount: r.usageCount,
  });
  if (!evaluation.allowed) return { allowed: false, reason: evaluation.problems.map((p) => p.message).join('; ') || 'the contract policy denies this use' };
  if (r.action === 'export' && !grantsExport(r.agreement.policy))
    return { allowed: false, reason: 'the agreement does not allow handing the model out (its fl:taskType does not include fl:exportModel)' };
  return { allowed: true };
}
