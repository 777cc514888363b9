import type { FeatureStatistics, TrainingBackend } from './training-backend.js';

/** What a statistics receipt signs: the hash of the count, means and variances exactly as returned. */
export const statisticsHash = (backend: Pick<TrainingBackend, 'modelHash'>, s: FeatureStatistics): string => backend.modelHash([s.sampleCount, ...s.mean, ...s.variance]);
