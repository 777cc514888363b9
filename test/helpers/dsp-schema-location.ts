import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

/**
 * Where the upstream DSP schemas live, and whether the suites that check against them can run.
 *
 * `KONTOR_DSP_SCHEMAS` names a folder laid out like this project's `../shared/dsp`: `2025-1/` (the schemas and examples
 * of DataspaceProtocol tag 2025-1-err1, `artifacts/src/main/resources/<area>/`) and `tck-2025-1/` (the copies the
 * dsp-tck bundles, `dsp/<module>/src/main/resources/`). Unset, it defaults to `../shared/dsp` beside the repository.
 * Without the schemas the suites that need them are reported as skipped, with the reason in their title (as the
 * PostgreSQL suites are without KONTOR_TEST_PG_URL); a folder named explicitly that is not there is an error instead.
 */
export const DSP_SCHEMAS_ENV = 'KONTOR_DSP_SCHEMAS';
const SET_FOLDERS = ['2025-1', 'tck-2025-1'] as const;

const named = process.env[DSP_SCHEMAS_ENV] || undefined;
/** The schema folder: KONTOR_DSP_SCHEMAS, or ../shared/dsp resolved from the repository root. */
export const DSP_DATA_DIR = named ? resolve(named) : fileURLToPath(new URL('../../../shared/dsp/', import.meta.url));

const missing = SET_FOLDERS.filter((f) => !existsSync(join(DSP_DATA_DIR, f)));
if (named && missing.length > 0) throw new Error(`${DSP_SCHEMAS_ENV}=${named}: no ${missing.join(', ')} under ${DSP_DATA_DIR}`);

/** Why the DSP schema suites are skipped, or undefined when the schemas are there. */
export const DSP_SCHEMAS_SKIP_REASON: string | undefined =
  missing.length > 0 ? `no DSP schemas at ${DSP_DATA_DIR} (set ${DSP_SCHEMAS_ENV} to a folder with ${SET_FOLDERS.join('/ and ')}/)` : undefined;

/**
 * A `describe` for tests that check against the upstream schemas: it names KONTOR_DSP_SCHEMAS in its title and, when
 * the schemas are absent, is skipped with the reason appended to the title.
 */
export function describeWithDspSchemas(title: string, factory: () => void): void {
  if (DSP_SCHEMAS_SKIP_REASON) describe.skip(`${title} (${DSP_SCHEMAS_ENV}) skipped: ${DSP_SCHEMAS_SKIP_REASON}`, factory);
  else describe(`${title} (${DSP_SCHEMAS_ENV})`, factory);
}
