/**
 * The member names given twice in one object of a JSON text, as dotted paths (`log.level`). JSON.parse keeps the
 * last silently; the configuration refuses a setting given twice. Call only on text JSON.parse accepted.
 */
export function jsonDuplicateKeys(text: string): string[] {
  const duplicates: string[] = [];
  // Each open container: its path, and for an object the names seen so far.
  const stack: { path: string; names?: Set<string> }[] = [];
  let lastName: string | undefined;
  let pending: string | undefined; // a string that may be a member name, until the next token tells
  for (const [token] of text.matchAll(/"(?:[^"\\]|\\.)*"|[{}[\]:,]/g)) {
    const top = stack[stack.length - 1];
    if (token === ':' && pending !== undefined && top?.names) {
      lastName = JSON.parse(pending) as string;
      if (top.names.has(lastName)) duplicates.push(top.path ? `${top.path}.${lastName}` : lastName);
      top.names.add(lastName);
    } else if (token === '{' || token === '[') {
      const key = top?.names ? lastName : undefined;
      const path = top === undefined ? '' : key === undefined ? top.path : top.path ? `${top.path}.${key}` : key;
      stack.push(token === '{' ? { path, names: new Set() } : { path });
    } else if (token === '}' || token === ']') stack.pop();
    pending = token.startsWith('"') ? token : undefined;
  }
  return duplicates;
}
