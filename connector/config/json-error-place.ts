/**
 * Where JSON.parse gave up on `text`, as line and column (from 1), or undefined when the text ends too early. Only the
 * place, never the text: JSON.parse's own message quotes the text ("Unexpected token 's', "{"a": s3cret}" is not
 * valid JSON"), and a file given as the configuration by mistake may be a secret.
 */
export function jsonErrorPlace(text: string, message: string): { line: number; column: number } | undefined {
  const offset = jsonErrorOffset(text, message);
  if (offset === undefined) return undefined;
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length, column: offset - lineStart + 1 };
}

function jsonErrorOffset(text: string, message: string): number | undefined {
  const stated = /at position (\d+)/.exec(message);
  if (stated) return Number(stated[1]) >= text.length ? undefined : Number(stated[1]);
  if (/^Unexpected end/.test(message)) return undefined;
  // "Unexpected token 'x', … is not valid JSON" names no place: the shortest prefix that fails before its end ends in it.
  let [low, high] = [1, text.length];
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsWithin(text.slice(0, middle))) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

/** Whether `prefix` holds a mistake of its own, not just an end too early (which a longer text may complete). */
function failsWithin(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = (error as Error).message;
    if (/^Unexpected end/.test(message)) return false;
    const stated = /at position (\d+)/.exec(message);
    return !stated || Number(stated[1]) < prefix.length;
  }
}
