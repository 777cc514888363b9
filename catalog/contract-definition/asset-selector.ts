import type { Asset } from '../asset/asset.js';
import type { AssetCriterion } from './contract-definition.js';

/** Asset ids that a selector names explicitly (`id = x`, `id in [...]`): these are references that block deletion. */
export function referencedAssetIds(selector: readonly AssetCriterion[]): string[] {
  const ids = new Set<string>();
  for (const c of selector) {
    if (c.operandLeft !== 'id' || c.operator === '!=') continue;
    for (const v of Array.isArray(c.operandRight) ? c.operandRight : [c.operandRight]) ids.add(v);
  }
  return [...ids];
}

/** Whether an asset satisfies every criterion of a selector (an empty selector selects all). */
export function selectsAsset(selector: readonly AssetCriterion[], asset: Pick<Asset, 'id' | 'properties'>): boolean {
  return selector.every((c) => {
    const actual = c.operandLeft === 'id' ? asset.id : asset.properties[c.operandLeft];
    const wanted = Array.isArray(c.operandRight) ? c.operandRight : [c.operandRight];
    const hit = wanted.some((w) => (Array.isArray(actual) ? actual.includes(w) : actual === w));
    return c.operator === '!=' ? !hit : hit;
  });
}
