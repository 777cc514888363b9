/** The management paths whose writes change what the catalog offers (assets, policies, contract definitions; both APIs). */
const CATALOG_WRITES = /^\/(api\/v1\/(assets|policies|contract-definitions)|management\/v3\/(assets|policydefinitions|contractdefinitions))\b/;

/** True when a management write to `path` changes the catalog: its cache is invalidated and its offers re-signed. */
export function changesCatalog(path: string): boolean {
  return CATALOG_WRITES.test(path);
}
