import { ConnectorError } from '../../../core/index.js';
import { encodedFeatureNames, schemaHash, type TrainingSchema } from './training-schema.js';

type PlanView = { schemaHash?: string; features: readonly string[]; label: string; classes: readonly string[] };

const missingFrom = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));
const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

/** Every way a training plan differs from the schema of a site's data (pure; empty when the plan fits). */
export function schemaDifferences(plan: PlanView, schema: TrainingSchema): string[] {
  const out: string[] = [];
  const ours = schemaHash(schema);
  if (plan.schemaHash === undefined) out.push(`the plan names no schemaHash (this site's data has schema ${ours})`);
  else if (plan.schemaHash !== ours) out.push(`the plan trains on schema ${plan.schemaHash}, this site's data has ${ours}`);
  if (plan.label !== schema.label.name) out.push(`label: the plan's is '${plan.label}', this site's is '${schema.label.name}'`);
  const compare = (what: string, planned: readonly string[], here: readonly string[]) => {
    const absent = missingFrom(planned, here);
    const extra = missingFrom(here, planned);
    if (absent.length) out.push(`${what} in the plan but not in this site's schema: ${list(absent)}`);
    if (extra.length) out.push(`${what} in this site's schema but not in the plan: ${list(extra)}`);
    if (!absent.length && !extra.length && planned.join('\u0000') !== here.join('\u0000')) out.push(`${what} are in another order (plan: ${list(planned)})`);
  };
  compare('classes', plan.classes, schema.label.classes);
  compare('features', plan.features, encodedFeatureNames(schema));
  return out;
}

/** Throws TRAINING_SCHEMA_MISMATCH naming each difference. */
export function assertPlanFitsSchema(plan: PlanView, schema: TrainingSchema): void {
  const differences = schemaDifferences(plan, schema);
  if (differences.length > 0) throw new ConnectorError('TRAINING_SCHEMA_MISMATCH', { detail: `the training plan does not fit this site's data: ${differences.join('; ')}` });
}
