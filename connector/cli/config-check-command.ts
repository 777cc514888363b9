import { loadConfig } from '../config/load-config.js';
import { shownConfig } from '../config/shown-config.js';
import { tlsServing } from '../config/tls-config.js';
import { readTlsMaterial } from '../http/tls/tls-material.js';
import { trustedCas } from '../http/tls/trusted-cas.js';
import { reportStartupError } from './report-startup-error.js';

/**
 * `kontor config`: validate (the certificate files and the CA file are read and tried too), then print the effective
 * configuration under the schema's keys and units, with every secret (schema flag) redacted.
 */
export function configCheckCommand(configFile: string | undefined): void {
  try {
    const config = loadConfig({ file: configFile });
    if (tlsServing(config.tls)) readTlsMaterial(config.tls);
    trustedCas(config.tls.caFile);
    process.stdout.write(`${JSON.stringify(shownConfig(config), null, 2)}\n`);
  } catch (error) {
    reportStartupError(error, 'kontor config');
    process.exitCode = 1;
  }
}
