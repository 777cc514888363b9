import { readPenguinsFile } from './penguins-file.js';

export const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'] as const;
export const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'] as const;
/** The four measurements, in the order of a feature vector (the file calls the bill "Beak"). */
export const FEATURE_NAMES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'] as const;

export type Species = (typeof SPECIES)[number];
export type Island = (typeof ISLANDS)[number];

/** One cleaned record. `index` is its position in the file, a stable id for the split. */
export interface Penguin {
  readonly index: number;
  readonly species: Species;
  readonly island: Island;
  readonly sex: 'male' | 'female' | undefined;
  readonly features: readonly number[];
}

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T => list.includes(value as T);

/**
 * The Palmer penguins, cleaned: a record is kept only if its species and island are known and all four
 * measurements are finite numbers (342 of 344). A missing or unknown sex ('.', null) does not drop the
 * record; sex is not a model feature.
 */
export function loadPenguins(raw: readonly unknown[] = readPenguinsFile()): Penguin[] {
  const out: Penguin[] = [];
  raw.forEach((value, index) => {
    const r = (value ?? {}) as Record<string, unknown>;
    const features = FEATURE_NAMES.map((name) => r[name]);
    if (!isOneOf(SPECIES, r.Species) || !isOneOf(ISLANDS, r.Island)) return;
    if (!features.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) return;
    const sex = r.Sex === 'MALE' ? 'male' : r.Sex === 'FEMALE' ? 'female' : undefined;
    out.push({ index, species: r.Species, island: r.Island, sex, features });
  });
  return out;
}
