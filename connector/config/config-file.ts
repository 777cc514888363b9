import type { Violation } from '../../core/index.js';
import { CONFIG_SCHEMA } from './config-schema.js';
import { jsonDuplicateKeys } from './json-duplicate-keys.js';
import { jsonErrorPlace } from './json-error-place.js';

const KNOWN = new Set(CONFIG_SCHEMA.map((s) => s.key));

/**
 * The JSON configuration file (`--config FILE`) by dotted key. Nested objects and dotted names both reach a setting
 * (`{"log":{"level":"debug"}}`, `{"log.level":"debug"}`); a setting reached twice, an unknown key, and an object where
 * a setting's value belongs are each a problem, never dropped.
 */
export function readConfigFile(path: string, readFile: (p: string) => string, problems: Violation[]): Record<string, unknown> {
  let text: string;
  let parsed: unknown;
  try {
    text = readFile(path);
  } catch (error) {
    problems.push({ pointer: path, message: `cannot read the config file: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
    return {};
  }
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // JSON.parse's message quotes the text (a secret file given as --config by mistake): only the place is told.
    const place = jsonErrorPlace(text, (error as Error).message);
    problems.push({
      pointer: path,
      message: `the config file is not valid JSON: ${place ? `a mistake at line ${place.line}, column ${place.column}` : 'it ends too early'}`,
    });
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push({ pointer: path, message: 'the config file must hold a JSON object' });
    return {};
  }
  const twice = new Set(jsonDuplicateKeys(text));
  const flat: Record<string, unknown> = Object.create(null); // `__proto__` or `constructor` is a key like another
  flatten(parsed as Record<string, unknown>, '', flat, twice);
  for (const key of twice) problems.push({ pointer: `${key} (config file)`, message: 'is given twice in the config file' });
  for (const key of Object.keys(flat)) {
    if (!KNOWN.has(key)) problems.push({ pointer: `${key} (config file)`, message: 'unknown setting' });
  }
  return flat;
}

function flatten(obj: Record<string, unknown>, prefix: string, out: Record<string, unknown>, twice: Set<string>): void {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    const section = typeof v === 'object' && v !== null && !Array.isArray(v) && !KNOWN.has(key) && [...KNOWN].some((s) => s.startsWith(`${key}.`));
    if (section) flatten(v as Record<string, unknown>, key, out, twice);
    else if (Object.hasOwn(out, key)) twice.add(key);
    else out[key] = v;
  }
}
