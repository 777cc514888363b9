import { isConnectorError } from '../../core/index.js';
import { checkTrainingAsset, inspectDataTable, openOwnTable } from '../training/index.js';

const reasonOf = (error: unknown) => (isConnectorError(error) ? (error.detail ?? error.message) : (error as Error).message);

/**
 * `kontor data inspect FILE [--label COLUMN]`: prints the profile and a schema; exit 1 when the file cannot be read or
 * names a column twice. When the connector's own check of a training asset would refuse the printed address (fewer
 * than two classes, no rows …), says so on stderr (exit 0: the profile is still worth reading).
 */
export async function dataInspectCommand(file: string, opts: { label?: string; delimiter?: string }): Promise<void> {
  try {
    const { report, address, rows } = await inspectDataTable(file, opts.label, opts.delimiter);
    process.stdout.write(report);
    if (rows === 0) process.stderr.write('kontor data inspect: warning: the file has no data rows, only a header\n');
    // The operator names the file on the command line: it is read where it lies (no data root, training.dataRoot).
    const refusal = await checkTrainingAsset({ properties: {}, dataAddress: address }, openOwnTable).then(
      () => undefined,
      (error: unknown) => reasonOf(error),
    );
    if (refusal) process.stderr.write(`kontor data inspect: warning: the connector would refuse this data address: ${refusal}\n`);
  } catch (error) {
    process.stderr.write(`kontor data inspect: ${reasonOf(error)}\n`);
    process.exitCode = 1;
  }
}
