import { describe, expect, it } from 'vitest';
import { SchemaCheck } from './schema-check.js';
import type { TrainingSchema } from './training-schema.js';

const schema: TrainingSchema = {
  features: [
    { name: 'dose', type: 'numeric' },
    { name: 'smoker', type: 'boolean' },
    { name: 'region', type: 'categorical', categories: ['north', 'south', 'east'] },
  ],
  label: { name: 'outcome', classes: ['ill', 'well'] },
  missingValues: { rule: 'impute' },
};

describe('the streamed schema check', () => {
  it('holds no numeric values: whatever the row count, it keeps at most the declared categories, booleans and classes', () => {
    const check = new SchemaCheck(schema);
    check.columns(['dose', 'smoker', 'region', 'outcome']);
    const regions = ['north', 'south', 'east'];
    for (let i = 0; i < 5000; i++)
      check.add({ dose: String(i * 1.25 + 0.001), smoker: i % 2 === 0 ? 'true' : 'false', region: regions[i % 3], outcome: i % 5 === 0 ? 'ill' : 'well' });
    expect(check.heldValues()).toBeLessThanOrEqual(3 + 2 + 2);
    const result = check.finish();
    expect(result.problems).toEqual([]);
    expect(result.rows).toBe(5000);
    expect(result.fill.dose).toBeCloseTo((4999 * 1.25) / 2 + 0.001, 6);
    expect(result.fill.region).toBe('north');
  });

  it('imputes a numeric mean over the present values only', () => {
    const check = new SchemaCheck(schema);
    check.columns(['dose', 'smoker', 'region', 'outcome']);
    for (const dose of ['1', '', '3', 'NA']) check.add({ dose, smoker: 'true', region: 'east', outcome: 'well' });
    expect(check.finish().fill.dose).toBe(2);
  });
});
