import { readFileSync } from 'node:fs';
import { systemClock } from '../../core/index.js';
import { paramsHash } from '../training/index.js';
import { verifyModelFile } from '../training/index.js';

/**
 * `kontor model verify FILE --provenance PROVENANCE`: checks a model file offline against its provenance (the JSON of
 * `GET /api/v1/trainings/{id}/provenance`): file hash, weights hash, the coordinator's credential and every site's
 * countersignature. Prints each check; exit 1 when any fails or a file cannot be read.
 */
export async function modelVerifyCommand(file: string, opts: { provenance: string }): Promise<void> {
  try {
    const bytes = readFileSync(file);
    const provenance = JSON.parse(readFileSync(opts.provenance, 'utf8')) as Record<string, unknown>;
    const result = await verifyModelFile(bytes, provenance, paramsHash, systemClock.now());
    for (const c of result.checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.check}${c.ok || !c.detail ? '' : `: ${c.detail}`}\n`);
    process.stdout.write(result.ok ? 'model verified\n' : 'model NOT verified\n');
    if (!result.ok) process.exitCode = 1;
  } catch (error) {
    process.stderr.write(`kontor model verify: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
