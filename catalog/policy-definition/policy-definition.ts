import type { ResourceMeta } from '../resource/resource-store.js';

/** A named ODRL policy (compact JSON as DSP uses it), used as access or contract policy. */
export interface PolicyDefinition extends ResourceMeta {
  policy: Record<string, unknown>;
  description?: string;
}

export interface PolicyDefinitionFilter {
  /** Case-insensitive substring of id or description. */
  q?: string;
}
