import { readFileSync } from 'node:fs';
import { isConnectorError } from '../../core/index.js';
import { type BootstrapPlan, parseBootstrapPlan } from '../dataspace/bootstrap-plan.js';

/** Where a person finds what a plan holds: the example the compose file uses, and the bootstrap's section. */
const PLAN_DOCS = 'See examples/compose/dataspace.json for a plan and docs/operations.md (docker compose) for the bootstrap.';

/** The plan file of `kontor dataspace bootstrap|train` could not be used; the message names the file and every problem. */
export class PlanFileError extends Error {}

/** Reads and checks the plan file: PlanFileError (never "the configuration is invalid": the plan is not the configuration). */
export function readPlanFile(file: string, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): BootstrapPlan {
  let json: unknown;
  try {
    json = JSON.parse(readFile(file));
  } catch (error) {
    throw new PlanFileError(`kontor: cannot read the plan file ${file}: ${(error as Error).message}\n${PLAN_DOCS}\n`);
  }
  try {
    return parseBootstrapPlan(json);
  } catch (error) {
    if (!isConnectorError(error) || error.code !== 'CONFIG_INVALID') throw error;
    const count = error.violations.length;
    const lines = error.violations.map((v) => `  - ${v.pointer}: ${v.message}\n`).join('');
    throw new PlanFileError(`kontor: the plan file ${file} is invalid (${count} problem${count === 1 ? '' : 's'}):\n${lines}${PLAN_DOCS}\n`);
  }
}
