/**
 * The numbers a site's round answer carries, checked (pure): the site before it signs them, the coordinator before it
 * weighs, averages or signs anything with them. Each returns what is wrong, or undefined. A sample count weighs an
 * update or an evaluation in a mean, so it must be a positive safe integer: a negative one turns FedAvg's weights
 * outside [0, 1] and gets an update past the norm bound (or brings the weights' sum to 0).
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export const isSampleCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) > 0;

const countProblem = (n: unknown): string | undefined => (isSampleCount(n) ? undefined : `its sampleCount ${JSON.stringify(n)} is not a positive whole number`);

/** The evaluation metrics that are rates (in [0, 1]); the optional ones may be left out (or null: a site could not compute one). */
const RATES = [
  ['accuracy', true],
  ['balancedAccuracy', false],
  ['macroF1', false],
  ['rocAuc', false],
] as const;

/** An update: `width` finite parameters, a positive sample count, a training accuracy in [0, 1] and a finite, non-negative training loss. */
export function updateProblem(update: unknown, width: number): string | undefined {
  if (!isObject(update)) return 'the answer holds no update';
  const params = update.params;
  if (!Array.isArray(params) || params.length !== width) return `the update has the wrong shape (not ${width} parameters)`;
  const bad = params.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) return `the update's parameter ${bad} is not a finite number`;
  const count = countProblem(update.sampleCount);
  if (count) return `the update is refused: ${count}`;
  const m = update.metrics;
  if (!isObject(m) || !finite(m.accuracy) || m.accuracy < 0 || m.accuracy > 1 || !finite(m.loss) || m.loss < 0)
    return `the update is refused: its training metrics ${JSON.stringify(m)} are not an accuracy between 0 and 1 and a finite loss of at least 0`;
  return undefined;
}

/** An evaluation: a positive sample count, rates in [0, 1] and a finite, non-negative log-loss. */
export function evaluationProblem(evaluation: unknown): string | undefined {
  if (!isObject(evaluation)) return 'the answer holds no evaluation';
  const count = countProblem(evaluation.sampleCount);
  if (count) return `the evaluation is refused: ${count}`;
  for (const [name, required] of RATES) {
    const v = evaluation[name];
    if (!required && (v === undefined || v === null)) continue;
    if (!finite(v) || v < 0 || v > 1) return `the evaluation is refused: its ${name} ${JSON.stringify(v)} is not a rate between 0 and 1`;
  }
  const loss = evaluation.loss;
  if (!finite(loss) || loss < 0) return `the evaluation is refused: its loss ${JSON.stringify(loss)} is not a finite number of at least 0`;
  return undefined;
}

/** Feature statistics: a positive sample count and, per input column, a finite mean and a finite, non-negative variance. */
export function statisticsProblem(statistics: unknown, width: number): string | undefined {
  if (!isObject(statistics)) return 'the answer holds no feature statistics';
  const { mean, variance } = statistics;
  if (!Array.isArray(mean) || !Array.isArray(variance) || mean.length !== width || variance.length !== width) return 'the feature statistics do not fit the plan';
  const count = countProblem(statistics.sampleCount);
  if (count) return `the feature statistics are refused: ${count}`;
  if (!mean.every(finite) || !variance.every((v) => finite(v) && v >= 0))
    return 'the feature statistics are refused: a mean or variance is not a finite number (or a variance is below 0)';
  return undefined;
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}
