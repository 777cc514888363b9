import type { Violation } from '../../core/index.js';
import { CONFIG_SCHEMA, type Setting } from './config-schema.js';

/**
 * Reads a secret from its file form (managementApi.apiKeyFile, store.urlFile, …) into `values`, unless the secret is
 * also given inline (`given`, or already in `values`): both at once is a problem, as is a file that cannot be read or
 * is empty (naming the file setting, never the secret).
 */
export function readSecretFile(setting: Setting, values: Map<string, unknown>, given: boolean, readFile: (p: string) => string, problems: Violation[]): void {
  const fileKey = setting.secret?.fileKey;
  const path = fileKey ? values.get(fileKey) : undefined;
  if (typeof path !== 'string') return;
  if (given || values.has(setting.key)) {
    // Either source alone is fine; both at once would leave one silently unused.
    problems.push({ pointer: `${setting.key} (${setting.env})`, message: `and ${fileKey} (${setting.secret?.fileEnv}) are both set: give the secret one way` });
    return;
  }
  try {
    const text = readFile(path).trim();
    if (text.length === 0) problems.push({ pointer: fileKey ?? setting.key, message: 'the secret file is empty' });
    else values.set(setting.key, text);
  } catch (error) {
    problems.push({ pointer: fileKey ?? setting.key, message: `cannot read the secret file: ${(error as NodeJS.ErrnoException).code ?? 'error'}` });
  }
}

/**
 * The secrets given in a way already reported as a problem (in the config file, empty, a secret file that cannot be
 * read or is empty, both forms at once): "is required" for one of them would be a second, wrong problem.
 */
export function refusedSecrets(problems: readonly Violation[]): ReadonlySet<string> {
  const refused = new Set<string>();
  for (const setting of CONFIG_SCHEMA) {
    const names = setting.secret ? [setting.key, setting.secret.fileKey] : [];
    if (problems.some((p) => names.some((name) => p.pointer === name || p.pointer.startsWith(`${name} (`)))) refused.add(setting.key);
  }
  return refused;
}
