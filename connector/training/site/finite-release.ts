import { ConnectorError } from '../../../core/index.js';
import { MAX_ABS_NUMERIC_TEXT } from '../data/training-schema.js';
import type { FeatureStatistics, LocalUpdate } from '../training-backend.js';
import { isSampleCount } from '../answer-checks.js';
import type { TrainingPlan } from '../training-plan.js';

const quoted = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');
const HINT = `the site's data holds values too large to compute with (a numeric cell may hold at most ±${MAX_ABS_NUMERIC_TEXT}): check the asset's data again`;

const refuse = (detail: string): never => {
  throw new ConnectorError('TRAINING_DATA_INVALID', { detail });
};

/**
 * Refuses feature statistics with a mean or variance that is not a finite number, naming the input columns, before
 * anything is signed: JSON would send such a number as null, so the coordinator's hash of what arrived would differ
 * from the signed one and an honest site would look forged.
 */
export function requireFiniteStatistics(statistics: FeatureStatistics, plan: Pick<TrainingPlan, 'features'>): void {
  const width = Math.max(plan.features.length, statistics.mean.length, statistics.variance.length);
  const bad: string[] = [];
  for (let j = 0; j < width; j++) if (!Number.isFinite(statistics.mean[j]) || !Number.isFinite(statistics.variance[j])) bad.push(plan.features[j] ?? `column ${j + 1}`);
  if (bad.length > 0 || !Number.isFinite(statistics.sampleCount)) refuse(`the feature statistics of ${quoted(bad)} are not finite numbers: ${HINT}`);
}

/**
 * Refuses a local update with a parameter that is not a finite number, before it is signed (as above). Softmax
 * regression's weights are laid out per class and input column, so the columns whose weights overflowed are named;
 * for another model, how many parameters did.
 */
export function requireFiniteUpdate(update: LocalUpdate, plan: Pick<TrainingPlan, 'features' | 'classes' | 'model'>): void {
  const bad = update.params.flatMap((v, i) => (Number.isFinite(v) ? [] : [i]));
  if (bad.length === 0) return;
  const width = plan.features.length;
  const softmax = plan.model === 'softmax-regression' && update.params.length === plan.classes.length * (width + 1);
  const columns = softmax ? [...new Set(bad.filter((i) => i < plan.classes.length * width).map((i) => plan.features[i % width] ?? ''))] : [];
  const which = columns.length > 0 ? ` (the weights of ${quoted(columns)})` : '';
  refuse(`the local update holds ${bad.length} of ${update.params.length} parameters that are not finite numbers${which}: ${HINT}`);
}

/**
 * Refuses to sign a sample count that is not a positive whole number (a split without rows, or a backend's wrong
 * count): the coordinator weighs the site's answer by it, and would refuse it anyway (connector/training/answer-checks.ts).
 */
export function requireSampleCount(count: number, what: string): void {
  if (!isSampleCount(count)) refuse(`the ${what} counts ${count} rows: a site signs only a positive whole number of rows, so nothing is released`);
}

/**
 * Refuses to sign an answer whose numbers cannot be true (`problem`, from connector/training/answer-checks.ts: a rate
 * outside [0, 1], a negative or non-finite loss): the coordinator would refuse it, and drop the site.
 */
export function requireSound(problem: string | undefined): void {
  if (problem) refuse(`nothing is released: ${problem}`);
}
