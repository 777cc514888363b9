import { loadConfig } from '../config/load-config.js';
import { redactConfig } from '../config/redact-config.js';
import { reportStartupError } from './report-startup-error.js';

/** `kontor config`: validate, then print the effective configuration with every secret (schema flag) redacted. */
export function configCheckCommand(configFile: string | undefined): void {
  try {
    process.stdout.write(`${JSON.stringify(redactConfig(loadConfig({ file: configFile })), null, 2)}\n`);
  } catch (error) {
    reportStartupError(error);
    process.exitCode = 1;
  }
}
