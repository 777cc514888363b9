import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConnectorError } from '../../../core/index.js';

/**
 * Where the installed `vega-datasets` package keeps `data/penguins.json` (CC0, see NOTICE.md). The
 * package's `exports` map blocks both `vega-datasets/package.json` and deep imports
 * (ERR_PACKAGE_PATH_NOT_EXPORTED), so we resolve its main entry (`build/index.js`) and go up one folder.
 * Its JavaScript API returns CDN URLs: we never call it, so nothing is fetched over the network.
 */
export function penguinsFilePath(): string {
  const entry = createRequire(import.meta.url).resolve('vega-datasets');
  const path = join(dirname(entry), '..', 'data', 'penguins.json');
  if (!existsSync(path)) throw new ConnectorError('INTERNAL', { detail: `vega-datasets is installed but ${path} is missing` });
  return path;
}

/** The raw records, exactly as the file holds them. */
export function readPenguinsFile(path: string = penguinsFilePath()): unknown[] {
  const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(parsed)) throw new ConnectorError('INTERNAL', { detail: `${path} does not hold a JSON array` });
  return parsed;
}
