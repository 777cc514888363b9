import { isConnectorError } from '../../core/index.js';

/**
 * Prints a command's failure for a person: every configuration problem on its own line, never a stack trace. Without
 * `command` it is `kontor start`'s (or `kontor authority start`'s) failure to start ("kontor: cannot start: …"); every
 * other command names itself ("kontor audit verify: …"), as nothing was being started.
 */
export function reportStartupError(error: unknown, command?: string): void {
  const prefix = command ?? 'kontor';
  if (isConnectorError(error) && error.code === 'CONFIG_INVALID' && error.violations.length === 0) {
    process.stderr.write(`${prefix}: the configuration is invalid: ${error.detail ?? error.message}\nSee docs/config.md for every setting.\n`);
    return;
  }
  if (isConnectorError(error) && error.code === 'CONFIG_INVALID') {
    process.stderr.write(`${prefix}: the configuration is invalid (${error.violations.length} problem${error.violations.length === 1 ? '' : 's'}):\n`);
    for (const v of error.violations) process.stderr.write(`  - ${v.pointer}: ${v.message}\n`);
    process.stderr.write('See docs/config.md for every setting.\n');
    return;
  }
  const detail = isConnectorError(error) ? `${error.code}: ${error.detail ?? error.message}` : ((error as Error)?.message ?? String(error));
  process.stderr.write(command === undefined ? `kontor: cannot start: ${detail}\n` : `${command}: ${detail}\n`);
}
