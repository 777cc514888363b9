import type { ResourceMeta } from '../resource/resource-store.js';

/** One criterion of an asset selector, e.g. `{operandLeft: 'id', operator: 'in', operandRight: ['a1','a2']}`. */
export interface AssetCriterion {
  operandLeft: string;
  operator: '=' | '!=' | 'in';
  operandRight: string | string[];
}

/** Offers the selected assets under a contract policy to participants that pass the access policy. */
export interface ContractDefinition extends ResourceMeta {
  accessPolicyId: string;
  contractPolicyId: string;
  /** All criteria must hold; an empty list selects every asset. */
  assetsSelector: AssetCriterion[];
  /** `manual`: the provider's negotiation waits for an approval through the management API. */
  approval?: 'auto' | 'manual';
}

export interface ContractDefinitionFilter {
  accessPolicyId?: string;
  contractPolicyId?: string;
  /** Definitions whose selector names this asset id explicitly. */
  assetId?: string;
}
