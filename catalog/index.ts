export type { ResourceMeta, ResourceStore, Page, ListQuery } from './resource/resource-store.js';
export type { Asset, AssetProperties, AssetFilter, DataAddress } from './asset/asset.js';
export type { AssetStore } from './asset/asset-store.js';
export type { PolicyDefinition, PolicyDefinitionFilter } from './policy-definition/policy-definition.js';
export type { PolicyDefinitionStore } from './policy-definition/policy-definition-store.js';
export type { ContractDefinition, ContractDefinitionFilter, AssetCriterion } from './contract-definition/contract-definition.js';
export type { ContractDefinitionStore } from './contract-definition/contract-definition-store.js';
export { referencedAssetIds, selectsAsset } from './contract-definition/asset-selector.js';
