/** Deepest nesting of arrays and objects accepted in any JSON body (a policy with 32 logical levels needs about 70). */
export const MAX_JSON_DEPTH = 128;

/**
 * Why a parsed JSON body is refused before any handler sees it, or undefined: nesting deeper than `maxDepth`
 * (recursive code further on would overflow the stack), or a NUL character in a string or a key (PostgreSQL
 * cannot store it in text). Walks with its own stack, so hostile depth cannot overflow this check itself.
 */
export function jsonInputProblem(body: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const pending: [unknown, number][] = [[body, 0]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [value, depth] = next;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return 'a string in the body contains a NUL character';
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) return `the body nests deeper than ${maxDepth} levels`;
    if (Array.isArray(value)) {
      for (const item of value) pending.push([item, depth + 1]);
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) return 'a key in the body contains a NUL character';
      pending.push([item, depth + 1]);
    }
  }
  return undefined;
}

/** Why a request target is refused, or undefined: a NUL character, raw or percent-encoded, anywhere in path or query. */
export function urlInputProblem(url: string): string | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the NUL character is the point of this check
  return /%00|\u0000/i.test(url) ? 'the URL contains a NUL character' : undefined;
}
