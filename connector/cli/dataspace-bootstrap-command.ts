import { isConnectorError } from '../../core/index.js';
import { loadConfig } from '../config/load-config.js';
import { bootstrapDataSpace } from '../dataspace/bootstrap-data-space.js';
import { trustProcessWide } from '../http/tls/process-trust.js';
import { trustedCas } from '../http/tls/trusted-cas.js';
import { fetchFailure } from '../http/fetch-failure.js';
import { PlanFileError, readPlanFile } from './plan-file.js';
import { reportStartupError } from './report-startup-error.js';

/**
 * `kontor dataspace bootstrap --plan FILE`: registers the plan's participants at its authority, has them fetch
 * their credentials, publishes the training offers and waits until all are ready. The API key is the one of the
 * configuration (KONTOR_API_KEY), shared by the authority and the participants.
 */
export async function dataspaceBootstrapCommand(planFile: string, configFile: string | undefined, wait: { attempts: number; intervalMs: number }): Promise<void> {
  try {
    const config = loadConfig({ file: configFile });
    trustProcessWide(trustedCas(config.tls.caFile)); // the participants' HTTPS listeners (kontor dev-ca)
    const plan = readPlanFile(planFile);
    const result = await bootstrapDataSpace(plan, { apiKey: config.managementApi.apiKey, log: (line) => process.stdout.write(`${line}\n`), wait });
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    if (error instanceof PlanFileError) process.stderr.write(error.message);
    else if (isConnectorError(error) && error.code === 'CONFIG_INVALID') reportStartupError(error, 'kontor dataspace bootstrap');
    else
      process.stderr.write(
        `kontor dataspace bootstrap: the bootstrap failed: ${isConnectorError(error) ? `${error.code}: ${error.detail ?? error.message}` : fetchFailure(error)}\n`,
      );
    process.exitCode = 1;
  }
}
