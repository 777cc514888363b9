import { describe, expect, it } from 'vitest';
import { checkPredictionRows, MAX_LISTED_PROBLEMS, MAX_PREDICTION_ROWS } from './prediction-rows.js';

const features = ['age', 'smoker', 'region=east'];

describe('checkPredictionRows', () => {
  it("should encode rows in the model's input order, booleans as 1/0", () => {
    expect(checkPredictionRows([{ smoker: true, 'region=east': 0, age: 52 }], features)).toEqual({ rows: [[52, 1, 0]], violations: [] });
  });

  it('should name every unknown, missing or non-numeric column with its pointer', () => {
    const { rows, violations } = checkPredictionRows(
      [
        { age: 'old', smoker: false, 'region=east': 1, 'a/b': 2 },
        { age: 1, smoker: true },
      ],
      features,
    );
    expect(rows).toEqual([]);
    expect(violations.map((v) => v.pointer)).toEqual(['/rows/0/a~1b', '/rows/0/age', '/rows/1/region=east']);
  });

  it('should refuse an empty batch, a batch over the bound and a row that is not an object', () => {
    expect(checkPredictionRows([], features).violations[0]?.pointer).toBe('/rows');
    expect(
      checkPredictionRows(
        Array.from({ length: MAX_PREDICTION_ROWS + 1 }, () => ({ age: 1, smoker: 1, 'region=east': 0 })),
        features,
      ).violations[0]?.message,
    ).toMatch(/at most 1000/);
    expect(checkPredictionRows([[1, 2, 3]], features).violations[0]?.pointer).toBe('/rows/0');
  });

  it('should list the first 20 problems, name the feature list once, and count the rest', () => {
    const many = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`junk${i}`, 1]));
    const { violations } = checkPredictionRows([{ age: 1, smoker: 1, 'region=east': 0, ...many }], features);
    expect(violations).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(violations.at(-1)).toEqual({ pointer: '/rows', message: 'and 480 more problem(s) not listed' });
    expect(violations.filter((v) => v.message.includes("the model's inputs: age, smoker, region=east"))).toHaveLength(1);
    expect(JSON.stringify(violations).length).toBeLessThan(2000);
  });
});
