import { type Asset, type AssetStore, type ContractDefinition, type PolicyDefinitionStore, referencedAssetIds, selectsAsset } from '../../../catalog/index.js';
import type { Clock } from '../../../core/index.js';
import { type PolicyEngine, trainingOnlyTerms } from '../../../policy/index.js';

/** The stable code of the warning below (docs/errors.md, "Warnings"). */
export const TRAINING_TERMS_ON_NON_TRAINING_ASSETS = 'TRAINING_TERMS_ON_NON_TRAINING_ASSETS';

/** The most asset ids a warning lists (`assetCount` gives them all). */
const MAX_LISTED = 100;

/** Something a write accepted but that will not work as the operator likely means it. */
export interface ContractDefinitionWarning {
  code: typeof TRAINING_TERMS_ON_NON_TRAINING_ASSETS;
  message: string;
  contractPolicyId: string;
  /** The contract policy's terms that only federated-training rounds settle. */
  terms: { pointer: string; constraint: string }[];
  /** The selected assets that are not training data (at most 100; `assetCount` is how many there are). */
  assetIds: string[];
  assetCount: number;
}

type Definition = Pick<ContractDefinition, 'contractPolicyId' | 'assetsSelector'>;

/**
 * What a contract definition write is warned about: its contract policy holds terms only training rounds settle
 * (a transfer that is not FederatedTraining is denied on them) while assets it selects now are not training data
 * (their data address is no `TrainingData`), so their offers can be agreed but never used. A warning, not a refusal:
 * assets and policies change after the definition (an asset may become training data, a selector may select
 * training assets added later). Read only when the policy holds such terms.
 */
export function contractDefinitionWarnings(deps: {
  engine: PolicyEngine;
  policies: PolicyDefinitionStore;
  assets: AssetStore;
  clock: Clock;
}): (definition: Definition) => Promise<ContractDefinitionWarning[]> {
  return async (d) => {
    const policy = await deps.policies.findById(d.contractPolicyId);
    if (!policy) return [];
    const base = { now: deps.clock.now(), agent: { id: 'urn:kontor:any-requester', claims: { credentialTypes: [] } } };
    const terms = trainingOnlyTerms(deps.engine, policy.policy, base).map(({ pointer, constraint }) => ({ pointer, constraint }));
    if (terms.length === 0) return [];
    const assetIds = (await selectedAssets(deps.assets, d)).filter((a) => a.dataAddress.type !== 'TrainingData').map((a) => a.id);
    if (assetIds.length === 0) return [];
    return [
      {
        code: TRAINING_TERMS_ON_NON_TRAINING_ASSETS,
        message:
          `contract policy '${d.contractPolicyId}' holds terms only federated-training rounds settle (${terms.map((t) => `${t.pointer}: ${t.constraint}`).join('; ')}), ` +
          `but ${assetIds.length} selected asset(s) are not training data (${assetIds.slice(0, 5).join(', ')}${assetIds.length > 5 ? ', …' : ''}): ` +
          'their offers can be agreed, but every transfer of them that is not FederatedTraining is denied on these terms',
        contractPolicyId: d.contractPolicyId,
        terms,
        assetIds: assetIds.slice(0, MAX_LISTED),
        assetCount: assetIds.length,
      },
    ];
  };
}

/** The assets the selector selects now: read by id when it names ids, otherwise all of them. */
async function selectedAssets(store: AssetStore, d: Definition): Promise<Asset[]> {
  const named = d.assetsSelector.some((c) => c.operandLeft === 'id' && c.operator !== '!=');
  const candidates = named
    ? (await Promise.all(referencedAssetIds(d.assetsSelector).map((id) => store.findById(id)))).filter((a): a is Asset => a !== undefined)
    : await everyAsset(store);
  return candidates.filter((a) => selectsAsset(d.assetsSelector, a));
}

async function everyAsset(store: AssetStore): Promise<Asset[]> {
  const out: Asset[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await store.list({ offset, limit: 500, filter: {} });
    out.push(...page.items);
    if (page.items.length < 500 || out.length >= page.total) return out;
  }
}
