import type { ResourceMeta } from '../resource/resource-store.js';

/** DCAT-style, public description of an asset: what peers see in the catalog. */
export interface AssetProperties {
  title: string;
  description?: string;
  keywords?: string[];
  mediaType?: string;
  license?: string;
  version?: string;
  publisher?: string;
  language?: string;
  /** Further public properties (string keys, JSON values). */
  [extra: string]: unknown;
}

/** Where the data really is. Private: never shown to peers, only to the data plane. */
export interface DataAddress {
  type: string;
  [extra: string]: unknown;
}

export interface Asset extends ResourceMeta {
  properties: AssetProperties;
  dataAddress: DataAddress;
}

export interface AssetFilter {
  /** Case-insensitive substring of id, title or description. */
  q?: string;
  keyword?: string;
  mediaType?: string;
}
