/** Appends segments to a JSON pointer (RFC 6901), escaping `~` and `/`. */
export function pointer(base: string, ...segments: readonly (string | number)[]): string {
  return segments.reduce<string>((acc, s) => `${acc}/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`, base);
}
