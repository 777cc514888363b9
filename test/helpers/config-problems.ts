import { ConnectorError } from '../../core/index.js';
import { loadConfig, type ConfigSources } from '../../connector/config/load-config.js';

/** The configuration problems `loadConfig` reports for these sources, as `pointer: message` lines ([] when it loads). */
export function configProblems(sources: ConfigSources): string[] {
  try {
    loadConfig(sources);
  } catch (e) {
    if (e instanceof ConnectorError) return e.violations.map((v) => `${v.pointer}: ${v.message}`);
    throw e;
  }
  return [];
}
