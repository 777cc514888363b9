import type { Training } from '../../connector/training/training.js';
import type { DemoNode } from '../../examples/demo/demo-data-space.js';

/**
 * Resolves with the training when the coordinator's next training (or training `id`) leaves PREPARING and RUNNING
 * (completed, stopped or failed), then stops listening. Call it before starting the training.
 */
export function trainingEnded(coordinator: Pick<DemoNode, 'connector'>, id?: string): Promise<Training> {
  return new Promise((resolve) => {
    const off = coordinator.connector.events.on('training.changed', (e) => {
      if ((id !== undefined && e.id !== id) || ['PREPARING', 'RUNNING'].includes(e.to)) return;
      off();
      resolve(e.training);
    });
  });
}
