import type { ResourceStore } from '../resource/resource-store.js';
import type { Asset, AssetFilter } from './asset.js';

/** Assets. `delete` throws STILL_REFERENCED when a contract definition selects the asset by id. */
export type AssetStore = ResourceStore<Asset, AssetFilter>;
