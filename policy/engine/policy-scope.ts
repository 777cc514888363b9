/**
 * Where a policy is evaluated:
 * - `catalog`: may this participant see the offer (access policy);
 * - `negotiation`: the contract policy, at request and at agreement;
 * - `transfer`: at transfer start and on every data-plane request;
 * - `training.round`: before every federated-training round.
 */
export const POLICY_SCOPES = ['catalog', 'negotiation', 'transfer', 'training.round'] as const;
export type PolicyScope = (typeof POLICY_SCOPES)[number];

export const ALL_SCOPES: readonly PolicyScope[] = POLICY_SCOPES;
/** Scopes in which a contract (usage) exists or is being made. */
export const USAGE_SCOPES: readonly PolicyScope[] = ['negotiation', 'transfer', 'training.round'];

export function isPolicyScope(value: unknown): value is PolicyScope {
  return typeof value === 'string' && (POLICY_SCOPES as readonly string[]).includes(value);
}
