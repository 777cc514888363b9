import { describe, expect, it } from 'vitest';
import { evaluationProblem, isSampleCount, statisticsProblem, updateProblem } from './answer-checks.js';

const update = (over: Record<string, unknown> = {}) => ({ params: [0.5, -1, 2], sampleCount: 128, metrics: { loss: 0.4, accuracy: 0.8 }, ...over });
const evaluation = (over: Record<string, unknown> = {}) => ({ sampleCount: 30, accuracy: 0.9, loss: 0.25, balancedAccuracy: 0.88, macroF1: 0.87, ...over });

describe("the checks of a site's round answer", () => {
  it('should take only a positive safe integer as a sample count', () => {
    for (const n of [1, 128, Number.MAX_SAFE_INTEGER]) expect(isSampleCount(n)).toBe(true);
    for (const n of [0, -1, -127, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Infinity, '128', null, undefined]) expect(isSampleCount(n), String(n)).toBe(false);
  });

  it('should accept an honest update and refuse one whose count would turn the FedAvg weights outside [0, 1]', () => {
    expect(updateProblem(update(), 3)).toBeUndefined();
    expect(updateProblem(update({ sampleCount: -127 }), 3)).toBe('the update is refused: its sampleCount -127 is not a positive whole number');
    expect(updateProblem(update({ sampleCount: 0 }), 3)).toMatch(/sampleCount 0 is not a positive whole number/);
    expect(updateProblem(update({ sampleCount: 1e300 }), 3)).toMatch(/sampleCount 1e\+300/);
  });

  it.each([
    ['no update', undefined, /holds no update/],
    ['too few parameters', update({ params: [1, 2] }), /wrong shape \(not 3 parameters\)/],
    ['parameters that are not an array', update({ params: 'abc' }), /wrong shape/],
    ['a parameter that is not a number', update({ params: [1, null, 2] }), /parameter 1 is not a finite number/],
    ['a parameter given as text', update({ params: [1, 2, '3'] }), /parameter 2 is not a finite number/],
    ['no training metrics', update({ metrics: undefined }), /its training metrics undefined are not an accuracy between 0 and 1 and a finite loss of at least 0/],
    ['a training loss that is not a number', update({ metrics: { loss: 'x', accuracy: 0.5 } }), /its training metrics \{"loss":"x","accuracy":0.5\}/],
    ['a training accuracy of 7', update({ metrics: { loss: 0.2, accuracy: 7 } }), /its training metrics .*"accuracy":7/],
    ['a negative training loss', update({ metrics: { loss: -1, accuracy: 0.5 } }), /its training metrics .*"loss":-1/],
  ])('should refuse an update with %s', (_case, answer, says) => {
    expect(updateProblem(answer, 3)).toMatch(says);
  });

  it('should accept an honest evaluation, with or without the optional rates (null: not computed)', () => {
    expect(evaluationProblem(evaluation())).toBeUndefined();
    expect(evaluationProblem({ sampleCount: 30, accuracy: 0, loss: 0 })).toBeUndefined();
    expect(evaluationProblem(evaluation({ rocAuc: null, accuracy: 1 }))).toBeUndefined();
  });

  it.each([
    ['no evaluation', undefined, /holds no evaluation/],
    ['a negative count', evaluation({ sampleCount: -5 }), /sampleCount -5 is not a positive whole number/],
    ['a fractional count', evaluation({ sampleCount: 12.5 }), /is not a positive whole number/],
    ['an accuracy of 42', evaluation({ accuracy: 42 }), /its accuracy 42 is not a rate between 0 and 1/],
    ['a negative accuracy', evaluation({ accuracy: -0.1 }), /its accuracy -0.1 is not a rate/],
    ['no accuracy', evaluation({ accuracy: undefined }), /its accuracy undefined is not a rate/],
    ['a balanced accuracy above 1', evaluation({ balancedAccuracy: 1.01 }), /its balancedAccuracy 1.01/],
    ['a macro-F1 given as text', evaluation({ macroF1: '0.9' }), /its macroF1 "0.9"/],
    ['a ROC-AUC below 0', evaluation({ rocAuc: -3 }), /its rocAuc -3/],
    ['a negative loss', evaluation({ loss: -1e9 }), /its loss -1000000000 is not a finite number of at least 0/],
    ['a loss that is not a number', evaluation({ loss: null }), /its loss null/],
  ])('should refuse an evaluation with %s', (_case, answer, says) => {
    expect(evaluationProblem(answer)).toMatch(says);
  });

  it('should refuse feature statistics with a count that is not positive, or a mean or variance that cannot be', () => {
    const stats = (over: Record<string, unknown> = {}) => ({ sampleCount: 40, mean: [1, 2], variance: [0.5, 0], ...over });
    expect(statisticsProblem(stats(), 2)).toBeUndefined();
    expect(statisticsProblem(stats({ mean: [1] }), 2)).toBe('the feature statistics do not fit the plan');
    expect(statisticsProblem(stats({ sampleCount: -40 }), 2)).toMatch(/sampleCount -40 is not a positive whole number/);
    expect(statisticsProblem(stats({ variance: [0.5, -1] }), 2)).toMatch(/variance is not a finite number \(or a variance is below 0\)/);
    expect(statisticsProblem(stats({ mean: [1, 'x'] }), 2)).toMatch(/a mean or variance is not a finite number/);
  });
});
