import { centralizedModel, planFor, testAccuracy } from '../../connector/training/backend/baselines.js';
import { PENGUINS, type DataSet } from '../../connector/training/backend/data-sets.js';
import type { MlpSpec } from '../../connector/training/backend/model-spec.js';
import type { Training } from '../../connector/training/training.js';
import type { TrainingPlan } from '../../connector/training/training-plan.js';
import type { DemoNode } from './demo-data-space.js';
import { publishTrainingOffer } from './demo-offers.js';
import { DEMO_MLP_TAIL_AVERAGE } from './demo-model.js';

/** What the demo trains on: the sites (one per part), the plan, how a site publishes its offer, and the baselines. */
export interface DemoSource {
  name: string;
  intro: string;
  parts: readonly string[];
  plan: TrainingPlan;
  siteLegalName(part: string): string;
  coordinatorLegalName: string;
  /** Settings every site needs for this data (own files: training.dataRoot, the folder they lie in); none for a shipped set. */
  siteSettings: Record<string, unknown>;
  publish(site: DemoNode, part: string, rounds: number, coordinatorDid: string): Promise<void>;
  /** Test accuracy over every site's held-out rows of centralized training (all rows) and of each site alone, `epochs` epochs. */
  baselines(training: Training, epochs: number): Promise<{ centralized: number; sites: Record<string, number> }>;
}

/** A data set Kontor ships, split over its parts (islands, hospitals). */
export function shippedSource(ds: DataSet, dp?: { plan: TrainingPlan; epsilon: number; delta: number }, model?: MlpSpec, secureAggregation?: { threshold: number }): DemoSource {
  // Update noise N(0, (noiseMultiplier·clipNorm)²), fresh at every round, on each of the model's coordinates. The MLP's
  // 4,675 coordinates bear it worse than softmax regression's 15, so it runs at the offers' minimum (fl:noiseMultiplier
  // gteq 0.005) with a clip norm fitted to its updates (norm 1.5 to 2 from round 10 on): at clip norm 5 the noise's norm
  // (about 1.7 per site) matched the updates', and a held-out row on the edge flipped at round 20 in 3 of 15 runs,
  // 2.4 points below centralized; at 2 it flipped in none of 60 (docs/federated-training.md, "Models"). The sites apply
  // their own floor (training.minNoiseMilli, 0.01) when it is larger. The MLP releases the mean of its last 5 rounds'
  // global models (tail averaging): the last round's noise alone still flipped a second held-out row now and then.
  const release = model
    ? { clipNorm: 2, noiseMultiplier: 0.005, aggregation: { strategy: 'fedavg' as const, tailAverage: DEMO_MLP_TAIL_AVERAGE } }
    : { clipNorm: 5, noiseMultiplier: 0.01 };
  const base = dp?.plan ?? planFor(ds, { ...release, ...(model ? { model } : {}) }, ds === PENGUINS ? 3 : 6);
  // Secure aggregation is part of the plan (pinned by its hash) and, in each offer, a contract duty.
  const plan: TrainingPlan = secureAggregation ? { ...base, secureAggregation } : base;
  const privacy = dp ? { epsilon: dp.epsilon, delta: dp.delta } : undefined;
  return {
    name: ds.name,
    plan,
    parts: ds.partitions,
    intro: `data set: ${ds.name} (${ds.rows().length} rows, ${ds.features.length} features, classes ${ds.classes.join(', ')}), one ${ds.partitionKey} per site`,
    siteLegalName: (part) => (ds === PENGUINS ? `${part} Research Station` : `${part} Hospital`),
    coordinatorLegalName: ds === PENGUINS ? 'Penguin Consortium' : 'Diagnostics Consortium',
    // A shipped data set is named by its source, never by a file path: no data root is needed.
    siteSettings: {},
    publish: (site, part, rounds, coordinatorDid) => publishTrainingOffer(site, part, plan, rounds, coordinatorDid, 'PT2S', 20, ds, privacy),
    async baselines(_training, epochs) {
      // One model at a time, the event loop turning in between: an MLP takes seconds, and the nodes' servers must get
      // to close idle keep-alive connections in time, or the demo's next request races the close (ECONNRESET).
      const accuracyOf = async (part?: string) => {
        await new Promise((resolve) => setImmediate(resolve));
        return testAccuracy(plan, centralizedModel(plan, epochs, part));
      };
      const sites: Record<string, number> = {};
      for (const part of ds.partitions) sites[part] = await accuracyOf(part);
      return { centralized: await accuracyOf(), sites };
    },
  };
}
