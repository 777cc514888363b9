import { isConnectorError } from '../../core/index.js';
import { inspectDataFile } from '../training/index.js';

/** `kontor data inspect FILE [--label COLUMN]`: prints the profile and a schema; exit 1 when the file cannot be read. */
export async function dataInspectCommand(file: string, opts: { label?: string; delimiter?: string }): Promise<void> {
  try {
    process.stdout.write(await inspectDataFile(file, opts.label, opts.delimiter));
  } catch (error) {
    process.stderr.write(`kontor data inspect: ${isConnectorError(error) ? (error.detail ?? error.message) : (error as Error).message}\n`);
    process.exitCode = 1;
  }
}
