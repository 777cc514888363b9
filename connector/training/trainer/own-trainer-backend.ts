import { ConnectorError } from '../../../core/index.js';
import { releaseUpdate } from '../backend/release-update.js';
import { secureRandom } from '../backend/secure-random.js';
import type { TrainingBackend } from '../training-backend.js';
import { runTrainer } from './run-trainer.js';
import { readEvaluateAnswer, readFitAnswer, TRAINER_PROTOCOL } from './trainer-protocol.js';

export interface OwnTrainer {
  /** The program and its arguments (no shell), e.g. `["python3", "/opt/site/trainer.py"]`. */
  command: readonly string[];
  timeoutMs: number;
  /** The trainer's whole environment (training.localTrainerEnv). */
  env: Record<string, string>;
}

/**
 * A site that trains with its own program (any language) behind the same seam: `trainLocally` and `evaluateLocally`
 * go to the trainer (see trainer-protocol.ts); everything else (the model's shape, statistics, sample counts for the
 * gate, aggregation, hashing) stays with `inner`. The connector does not trust the trainer's update: it checks its
 * shape and clips and noises it itself, exactly as the built-in trainer's, before the gate signs and releases it.
 */
export function ownTrainerBackend(inner: TrainingBackend, trainer: OwnTrainer): TrainingBackend {
  const options = { timeoutMs: trainer.timeoutMs, env: trainer.env };
  return {
    ...inner,
    dpSgd: false,
    async trainLocally(job) {
      if (job.dpSgd)
        throw new ConnectorError('POLICY_DENIED', {
          detail: 'this site trains with its own program (training.localTrainer), which cannot run DP-SGD for a privacy budget (fl:epsilon)',
        });
      const answer = readFitAnswer(
        await runTrainer(trainer.command, { protocol: TRAINER_PROTOCOL, method: 'fit', plan: job.plan, dataset: job.dataset, global: job.global, seed: job.seed }, options),
        job.global.length,
      );
      // The noise is the site's secret (the CSPRNG), never drawn from the plan's public seed.
      const released = releaseUpdate(job.global, answer.params, job, secureRandom());
      return { params: released.params, sampleCount: answer.sampleCount, metrics: answer.metrics };
    },
    async evaluateLocally(job) {
      return readEvaluateAnswer(
        await runTrainer(trainer.command, { protocol: TRAINER_PROTOCOL, method: 'evaluate', plan: job.plan, dataset: job.dataset, global: job.global }, options),
      );
    },
  };
}
