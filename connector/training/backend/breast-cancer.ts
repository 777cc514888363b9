import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConnectorError } from '../../../core/index.js';
import { splitOf, type Example } from './penguins.js';

const MEASURES = ['radius', 'texture', 'perimeter', 'area', 'smoothness', 'compactness', 'concavity', 'concave points', 'symmetry', 'fractal dimension'];
export const BREAST_CANCER_FEATURES = ['mean', 'error', 'worst'].flatMap((kind) => MEASURES.map((m) => `${m} (${kind})`));
export const BREAST_CANCER_CLASSES = ['malignant', 'benign'];
/** Three fictional hospitals holding 50 %, 30 % and 20 % of the samples. */
export const BREAST_CANCER_HOSPITALS = ['Lakeside', 'Riverside', 'Hillside'];
const FILE = join('data-sets', 'breast-cancer-wisconsin', 'wdbc.csv');

/** The repository's data-set folder, found from here whether running from the sources or from dist/. */
function dataFile(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, FILE))) return join(dir, FILE);
    if (dirname(dir) === dir) throw new ConnectorError('CONFIG_INVALID', { detail: `${FILE} is missing from the installation` });
  }
}

let cached: (Example & { hospital: string; split: 'train' | 'test' })[] | undefined;

/**
 * Breast Cancer Wisconsin (Diagnostic), CC BY 4.0 (see data-sets/breast-cancer-wisconsin/NOTICE.md), read from the
 * repository: each row gets a hospital and a train/test split from two independent fixed hashes of its position.
 */
export function loadBreastCancer(): (Example & { hospital: string; split: 'train' | 'test' })[] {
  cached ??= readFileSync(dataFile(), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line, i) => {
      const cells = line.split(',').map(Number);
      const target = cells[30];
      if (cells.length !== 31 || cells.some((v) => !Number.isFinite(v)) || (target !== 0 && target !== 1))
        throw new ConnectorError('CONFIG_INVALID', { detail: `${FILE}: row ${i + 2} is malformed` });
      const bucket = ((i * 2246822519) >>> 0) % 100;
      return {
        x: cells.slice(0, 30),
        label: BREAST_CANCER_CLASSES[target] as string,
        hospital: BREAST_CANCER_HOSPITALS[bucket < 50 ? 0 : bucket < 80 ? 1 : 2] as string,
        split: splitOf(i),
      };
    });
  return cached;
}
