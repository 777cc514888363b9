import { isConnectorError } from '../../core/index.js';
import { loadConfig } from '../config/load-config.js';
import { startTraining } from '../dataspace/start-training.js';
import { fetchFailure } from '../http/fetch-failure.js';
import { PlanFileError, readPlanFile } from './plan-file.js';
import { reportStartupError } from './report-startup-error.js';

/** `kontor dataspace train --plan FILE`: the plan's coordinator negotiates every site's training offer and starts the training. */
export async function dataspaceTrainCommand(planFile: string, configFile: string | undefined, wait: { attempts: number; intervalMs: number }): Promise<void> {
  try {
    const config = loadConfig({ file: configFile });
    const plan = readPlanFile(planFile);
    const result = await startTraining(plan, { apiKey: config.managementApi.apiKey, log: (line) => process.stdout.write(`${line}\n`), wait });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    if (error instanceof PlanFileError) process.stderr.write(error.message);
    else if (isConnectorError(error) && error.code === 'CONFIG_INVALID') reportStartupError(error, 'kontor dataspace train');
    else
      process.stderr.write(
        `kontor dataspace train: starting the training failed: ${isConnectorError(error) ? `${error.code}: ${error.detail ?? error.message}` : fetchFailure(error)}\n`,
      );
    process.exitCode = 1;
  }
}
