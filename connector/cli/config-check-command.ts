import { loadConfig } from '../config/load-config.js';
import { reportStartupError } from './report-startup-error.js';

/** `kontor config`: validate, then print the effective configuration with secrets redacted. */
export function configCheckCommand(configFile: string | undefined): void {
  try {
    const config = loadConfig({ file: configFile });
    const shown = {
      ...config,
      managementApi: { ...config.managementApi, apiKey: '[redacted]' },
      store: { ...config.store, url: config.store.url === undefined ? undefined : '[redacted]' },
    };
    process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
  } catch (error) {
    reportStartupError(error);
    process.exitCode = 1;
  }
}
