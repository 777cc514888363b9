import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../connector/training/backend/seeded-random.js';
import type { TrainingSchema } from '../../connector/training/data/training-schema.js';

/** A made-up clinical table (not a data set Kontor ships): two numbers, a boolean, a category, a binary label. */
export const CLINIC_SCHEMA: TrainingSchema = {
  features: [
    { name: 'age', type: 'numeric' },
    { name: 'bmi', type: 'numeric' },
    { name: 'smoker', type: 'boolean' },
    { name: 'region', type: 'categorical', categories: ['north', 'south', 'east'] },
  ],
  label: { name: 'risk', classes: ['high', 'low'] },
  missingValues: { rule: 'impute', maxFraction: 0.2 },
};

/**
 * Writes one CSV per site (`rows` each, seeded): each site leans to another region and age range (not IID), about
 * 6 % of ages and BMIs are blank and some smoker cells are `NA`. The risk follows a fixed linear score with little noise.
 */
export function writeClinicCsvs(dir: string, sites: readonly string[], rows = 240, seed = 11): string[] {
  return sites.map((site, s) => {
    const random = seededRandom(seed + s);
    const lines = ['age,bmi,smoker,region,risk'];
    for (let i = 0; i < rows; i++) {
      const age = Math.round(25 + 45 * random() + 8 * s);
      const bmi = Math.round((19 + 14 * random()) * 10) / 10;
      const smoker = random() < 0.3 + 0.1 * s;
      const region = random() < 0.6 ? ['north', 'south', 'east'][s % 3] : ['north', 'south', 'east'][Math.floor(random() * 3)];
      const score = 0.08 * (age - 50) + 0.25 * (bmi - 26) + (smoker ? 1.6 : -0.6) + (region === 'east' ? 0.8 : 0) + (random() - 0.5) * 0.8;
      const cell = (v: string) => (random() < 0.06 ? '' : v);
      lines.push([cell(String(age)), cell(String(bmi)), random() < 0.04 ? 'NA' : smoker ? 'yes' : 'no', region, score > 0 ? 'high' : 'low'].join(','));
    }
    const path = join(dir, `${site}.csv`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    return path;
  });
}
