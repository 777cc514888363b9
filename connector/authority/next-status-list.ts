/** A revocation list as the store keeps it. */
export interface StatusListRow {
  id: string;
  nextIndex: number;
  size: number;
}

/**
 * The list of the series `${prefix}1`, `${prefix}2`, … to allocate from: the lowest-numbered one with room, or,
 * when every one is full (or there is none), the next number, to be created with `size` indices.
 */
export function nextStatusList(lists: readonly StatusListRow[], prefix: string, size: number): { id: string; free: number; create: boolean } {
  const series = lists
    .map((l) => ({ ...l, n: numberIn(l.id, prefix) }))
    .filter((l): l is StatusListRow & { n: number } => l.n !== undefined)
    .sort((a, b) => a.n - b.n);
  const open = series.find((l) => l.nextIndex < l.size);
  if (open) return { id: open.id, free: open.size - open.nextIndex, create: false };
  return { id: `${prefix}${(series.at(-1)?.n ?? 0) + 1}`, free: size, create: true };
}

function numberIn(id: string, prefix: string): number | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const rest = id.slice(prefix.length);
  return /^[1-9]\d{0,8}$/.test(rest) ? Number(rest) : undefined;
}
