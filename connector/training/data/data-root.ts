import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { validationError, type Violation } from '../../../core/index.js';

/** The setting that confines own-data files, as errors name it (its value, the root's location, is never told). */
export const DATA_ROOT_SETTING = 'training.dataRoot (KONTOR_TRAINING_DATA_ROOT)';

const outside = (rel: string) => rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);

/**
 * Why `path` (a file a TrainingData address names) is not a file below `dataRoot` (training.dataRoot), lexically:
 * `..` may not climb out, and the path must lie below the root, not be the root itself. Without a root no file is
 * taken. Undefined when it lies below. Where its symbolic links lead is checked when it is opened (confinedPath).
 */
export function dataRootProblem(path: string, dataRoot: string | undefined): string | undefined {
  if (!dataRoot) return `cannot be read: own-data files of TrainingData addresses need the setting ${DATA_ROOT_SETTING}, which this connector does not set`;
  const root = resolve(dataRoot);
  const rel = relative(root, resolve(root, path));
  if (rel === '') return 'names the data root itself (training.dataRoot), not a file below it';
  if (outside(rel)) return 'lies outside the data root (training.dataRoot): give an absolute path below it, without .. leaving it';
  return undefined;
}

/**
 * The real path of a file a TrainingData address names (`field`: path or urlFile), once its symbolic links are
 * followed, if it lies below the real data root; otherwise VALIDATION_FAILED naming `/dataAddress/{field}` and the
 * setting (not the root's location, nor where a link leads). Checked at every open: a file swapped for a link out of
 * the root after the asset was created is refused. The caller opens the path returned, never the one given (a link
 * changed in between is the one race left: only someone who can write below the root can make it).
 */
export async function confinedPath(path: string, dataRoot: string | undefined, field: 'path' | 'urlFile'): Promise<string> {
  const refuse = (message: string) => validationError([{ pointer: `/dataAddress/${field}`, message }]);
  const lexical = dataRootProblem(path, dataRoot);
  if (lexical || !dataRoot) throw refuse(lexical ?? '');
  const root = await realpath(resolve(dataRoot)).catch(() => {
    throw refuse('cannot be read: the data root (training.dataRoot) does not exist on this site');
  });
  // A missing file stays a data problem (TRAINING_DATA_INVALID, 'unreadable file'), as before the root; it names the path given only.
  const real = await realpath(resolve(dataRoot, path)).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? Object.assign(new Error(`${path} does not exist (ENOENT)`), { field }) : refuse('cannot be read below the data root (training.dataRoot)');
  });
  const rel = relative(root, real);
  if (rel === '' || outside(rel)) throw refuse('lies outside the data root (training.dataRoot) once its symbolic links are followed: own data must lie below it');
  return real;
}

/**
 * The files an own-data TrainingData address names (`path`; PostgreSQL: `urlFile`) that do not lie below `dataRoot`,
 * lexically, each as a violation under `/dataAddress`: checked when the asset is created or replaced, before its data
 * is read. A missing or non-absolute path is left to the address's own check (parseOwnDataAddress).
 */
export function ownDataRootViolations(address: Record<string, unknown>, dataRoot: string | undefined): Violation[] {
  if (address.type !== 'TrainingData' || address.format === undefined) return [];
  const field = address.format === 'postgres' ? 'urlFile' : 'path';
  const path = address[field];
  if (typeof path !== 'string' || !isAbsolute(path)) return [];
  const problem = dataRootProblem(path, dataRoot);
  return problem ? [{ pointer: `/dataAddress/${field}`, message: problem }] : [];
}
