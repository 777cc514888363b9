/** `text` cut to at most `max` characters, the cut marked with `…` (an error's detail echoes what the caller sent). */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
