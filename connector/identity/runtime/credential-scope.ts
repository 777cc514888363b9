/** The scope aliases read by default: the DCP one (which the spec requires) and Tractus-X's. */
export const DEFAULT_SCOPE_ALIASES: readonly string[] = ['org.eclipse.dspace.dcp.vc.type', 'org.eclipse.tractusx.vc.type'];

/**
 * The credential type a DCP presentation-query scope asks for: `<alias>:<Type>` or `<alias>:<Type>:read` (as EDC and
 * Tractus-X write it), where `alias` is one of `aliases`. Undefined for anything else (another alias, another
 * operation than `read`, an empty or spaced type): such a scope is refused, not ignored.
 */
export function credentialTypeOfScope(scope: unknown, aliases: readonly string[]): string | undefined {
  if (typeof scope !== 'string') return undefined;
  const alias = aliases.find((a) => scope.startsWith(`${a}:`));
  if (alias === undefined) return undefined;
  const rest = scope.slice(alias.length + 1);
  const type = rest.endsWith(':read') ? rest.slice(0, -':read'.length) : rest;
  return /^[A-Za-z0-9_.-]+$/.test(type) ? type : undefined;
}
