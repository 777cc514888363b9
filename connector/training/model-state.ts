import type { Training } from './training.js';

/** The training store as forgetting a model needs it. */
interface TrainingRecords {
  findById(id: string): Promise<Training | undefined>;
  save(t: Training): Promise<Training>;
}

/**
 * What a running training keeps in its record between rounds and derives from its global models: the FedAdam / FedYogi
 * moments (`serverOptimizer`) and the tail-averaging sum (`tailAverage`, with k = 2 exactly the tail's first model).
 * An ended training runs no more rounds: it drops them (pure).
 */
export function withoutRoundState(t: Training): Training {
  const { serverOptimizer: _moments, tailAverage: _sum, ...rest } = t;
  return rest;
}

/** Whether the record still holds a plain copy of model state: the global model or what the rounds derived from it. */
export function holdsModelState(t: Training): boolean {
  return t.global.length > 0 || t.serverOptimizer !== undefined || t.tailAverage !== undefined;
}

/** The record without any model state: what the deletion duty leaves before it shreds the vault and signs (pure). */
export function withoutModel(t: Training): Training {
  return { ...withoutRoundState(t), global: [] };
}

/**
 * The deletion duty's first step (usage/model-deletion.ts `forgetModel`): every plain copy of model state leaves the
 * training record, so that a receipt never says a model is deleted while a round's model is still in the record
 * (a training that failed or was stopped inside its tail, stored before it dropped the sum at its end).
 */
export function modelForgetter(trainings: TrainingRecords): (trainingId: string) => Promise<void> {
  return async (trainingId) => {
    const training = await trainings.findById(trainingId);
    if (training && holdsModelState(training)) await trainings.save(withoutModel(training));
  };
}
