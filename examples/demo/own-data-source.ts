import { readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { trainLocally } from '../../connector/training/backend/local-train.js';
import { encode } from '../../connector/training/backend/softmax-regression.js';
import { evaluateWith, jobSettings, planMath } from '../../connector/training/backend/model-math.js';
import type { MlpSpec } from '../../connector/training/backend/model-spec.js';
import { inferSchema } from '../../connector/training/data/infer-schema.js';
import { loadOwnRows } from '../../connector/training/data/own-rows.js';
import { planForSchema } from '../../connector/training/data/plan-for-schema.js';
import { fileFormat, profileFiles } from '../../connector/training/data/profile-files.js';
import type { Example } from '../../connector/training/backend/penguins.js';
import type { TrainingPlan } from '../../connector/training/training-plan.js';
import type { DemoSource } from './demo-source.js';
import { trainingPolicy } from './demo-offers.js';

/** A part's name from its file name: lower case letters, digits and dashes (it names the site). */
const partOf = (file: string) =>
  basename(file)
    .replace(/\.(csv|parquet|pq)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'site';

function accuracy(plan: TrainingPlan, scaling: TrainingPlan['scaling'], train: Example[], test: Example[], epochs: number): number {
  const shape = { features: plan.features.length, classes: plan.classes.length };
  const settings = jobSettings(plan);
  const spec = settings.model ? { model: { ...settings.model, localEpochs: epochs } } : {};
  const global = planMath(plan).initialParams(plan.seed);
  const model = trainLocally({
    shape,
    rows: encode(train, plan.classes, scaling),
    global,
    ...settings,
    localEpochs: epochs,
    ...spec,
    clipNorm: 0,
    noiseMultiplier: 0,
    seed: plan.seed,
  }).params;
  return evaluateWith(planMath(plan), model, encode(test, plan.classes, scaling)).accuracy;
}

/**
 * `--data DIR --label COLUMN`: one site per CSV or Parquet file in DIR, named after the file, all under one schema inferred from
 * the union of the files (as `kontor data inspect` infers it), trained with federated scaling. The baselines train the
 * same model on the same rows, scaled the same way (the training's pooled scaling).
 */
export async function ownDataSource(dir: string, label: string, model?: MlpSpec): Promise<DemoSource> {
  const files = readdirSync(dir)
    .filter((f) => /\.(csv|parquet|pq)$/i.test(f))
    .sort()
    .map((f) => resolve(dir, f));
  if (files.length < 2) throw new Error(`--data ${dir}: at least two CSV or Parquet files are needed (one site each)`);
  const parts = files.map(partOf);
  if (new Set(parts).size !== parts.length) throw new Error(`--data ${dir}: two files give the same site name (${parts.join(', ')})`);
  const { rows, profiles } = await profileFiles(files);
  if (!profiles.some((p) => p.name === label)) throw new Error(`--label ${label}: no such column (columns: ${profiles.map((p) => p.name).join(', ')})`);
  const { schema } = inferSchema(profiles, label);
  const plan = planForSchema(schema, { clipNorm: 5, noiseMultiplier: 0.01, standardize: 'federated', ...(model ? { model } : {}) });
  const address = (i: number) => ({ type: 'TrainingData', format: fileFormat(files[i] as string), path: files[i] as string, schema });
  return {
    name: `own data (${dir})`,
    plan,
    parts,
    intro: `data: ${files.length} files in ${dir} (${rows} rows, ${schema.features.length} features, label '${label}' with classes ${schema.label.classes.join(', ')}), one file per site`,
    siteLegalName: (part) => `${part} (own data)`,
    coordinatorLegalName: 'Own-data Consortium',
    // A site opens own data only below its data root: here the folder the files lie in.
    siteSettings: { 'training.dataRoot': resolve(dir) },
    async publish(site, part, rounds, coordinatorDid) {
      await site.api('POST', '/api/v1/assets', {
        id: `own-${part}`,
        properties: { title: `${part} (training only)`, keywords: ['federated-training'] },
        dataAddress: address(parts.indexOf(part)),
      });
      await site.api('POST', '/api/v1/policies', {
        id: 'members-only',
        policy: { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] },
      });
      await site.api('POST', '/api/v1/policies', { id: 'own-study', policy: trainingPolicy(plan, rounds, coordinatorDid, 'PT2S', 20, ['fl:fit', 'fl:evaluate', 'fl:statistics']) });
      await site.api('POST', '/api/v1/contract-definitions', { id: 'own-study-offer', accessPolicyId: 'members-only', contractPolicyId: 'own-study' });
    },
    async baselines(training, epochs) {
      const own = await Promise.all(files.map((_, i) => loadOwnRows(address(i))));
      const scaling = training.scaling ?? plan.scaling;
      const test = own.flatMap((o) => o.test);
      // One model at a time with the event loop turning in between (see demo-source.ts: keep-alive closes in time).
      const turn = () => new Promise((resolve) => setImmediate(resolve));
      const sites: Record<string, number> = {};
      for (const [i, part] of parts.entries()) {
        await turn();
        sites[part] = accuracy(plan, scaling, own[i]?.train ?? [], test, epochs);
      }
      await turn();
      return {
        centralized: accuracy(
          plan,
          scaling,
          own.flatMap((o) => o.train),
          test,
          epochs,
        ),
        sites,
      };
    },
  };
}
