import type { Asset } from '../asset/asset.js';
import { selectsAsset } from '../contract-definition/asset-selector.js';
import type { ContractDefinition } from '../contract-definition/contract-definition.js';

/**
 * Contract definitions arranged so that finding the ones that select an asset does not test every definition:
 * a definition whose selector pins `id = x` or `id in [...]` is only tried for those ids, the rest for every asset.
 * Order of the result is the order the definitions were given in.
 */
export class DefinitionIndex {
  private readonly byAssetId = new Map<string, { order: number; definition: ContractDefinition }[]>();
  private readonly general: { order: number; definition: ContractDefinition }[] = [];

  constructor(definitions: readonly ContractDefinition[]) {
    definitions.forEach((definition, order) => {
      const pinned = pinnedIds(definition);
      if (!pinned) {
        this.general.push({ order, definition });
        return;
      }
      for (const id of pinned) {
        const list = this.byAssetId.get(id) ?? [];
        list.push({ order, definition });
        this.byAssetId.set(id, list);
      }
    });
  }

  /** The definitions that select `asset`, in input order. */
  selecting(asset: Pick<Asset, 'id' | 'properties'>): ContractDefinition[] {
    const candidates = [...(this.byAssetId.get(asset.id) ?? []), ...this.general].sort((a, b) => a.order - b.order);
    return candidates.filter((c) => selectsAsset(c.definition.assetsSelector, asset)).map((c) => c.definition);
  }
}

/** The only ids a selector can match when one of its criteria is `id =` / `id in`; undefined when not pinned. */
function pinnedIds(definition: ContractDefinition): Set<string> | undefined {
  let pinned: Set<string> | undefined;
  for (const c of definition.assetsSelector) {
    if (c.operandLeft !== 'id' || c.operator === '!=') continue;
    const ids = new Set(Array.isArray(c.operandRight) ? c.operandRight : [c.operandRight]);
    pinned = pinned ? new Set([...pinned].filter((id) => ids.has(id))) : ids;
  }
  return pinned;
}
