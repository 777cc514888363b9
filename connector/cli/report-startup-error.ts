import { isConnectorError } from '../../core/index.js';

/** Prints a start-up failure for a person: every configuration problem on its own line, never a stack trace. */
export function reportStartupError(error: unknown): void {
  if (isConnectorError(error) && error.code === 'CONFIG_INVALID' && error.violations.length === 0) {
    process.stderr.write(`kontor: the configuration is invalid: ${error.detail ?? error.message}\nSee docs/config.md for every setting.\n`);
    return;
  }
  if (isConnectorError(error) && error.code === 'CONFIG_INVALID') {
    process.stderr.write(`kontor: the configuration is invalid (${error.violations.length} problem${error.violations.length === 1 ? '' : 's'}):\n`);
    for (const v of error.violations) process.stderr.write(`  - ${v.pointer}: ${v.message}\n`);
    process.stderr.write('See docs/config.md for every setting.\n');
    return;
  }
  const detail = isConnectorError(error) ? `${error.code}: ${error.detail ?? error.message}` : ((error as Error)?.message ?? String(error));
  process.stderr.write(`kontor: cannot start: ${detail}\n`);
}
