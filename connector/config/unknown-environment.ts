import type { Violation } from '../../core/index.js';

/** Variables of the project's own test and bench runs, which a connector they start inherits: not settings. */
const NOT_SETTINGS = /^KONTOR_(TEST|BENCH)_|^KONTOR_DSP_SCHEMAS$/;

/**
 * Every `KONTOR_…` environment variable that names no setting, as a problem naming it (with the setting it most likely
 * meant): a misspelt variable (`KONTOR_STOER_KIND`) would otherwise be ignored, and the connector would start with the
 * default it was meant to replace.
 */
export function unknownEnvironment(env: Readonly<Record<string, string | undefined>>, known: ReadonlySet<string>): Violation[] {
  return Object.keys(env)
    .filter((name) => name.startsWith('KONTOR_') && !known.has(name) && !NOT_SETTINGS.test(name))
    .sort()
    .map((name) => {
      const meant = nearest(name, known);
      return { pointer: name, message: `is not a setting${meant ? ` (did you mean ${meant}?)` : ''}; docs/config.md lists them` };
    });
}

/** The known name closest to `name` by edit distance, if it is close (at most 3 edits). */
function nearest(name: string, known: ReadonlySet<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of known) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
