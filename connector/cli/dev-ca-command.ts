import { systemClock } from '../../core/index.js';
import { writeDevCa } from '../http/tls/dev-ca-folder.js';

/**
 * `kontor dev-ca --out DIR --host NAME…`: a development certificate authority and one certificate per host.
 * Prints what was written and the settings that use it; exit 1 naming the problem.
 */
export function devCaCommand(opts: { out: string; host: string[]; days: number; renew?: boolean }): void {
  try {
    // --days is a whole number from 1 to 3650, checked while parsing the flags (kontor-program.ts).
    const result = writeDevCa({ dir: opts.out, hosts: opts.host, clock: systemClock, days: opts.days, renew: opts.renew === true });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stderr.write(`Each participant: KONTOR_TLS_CERT_FILE=<host>.pem KONTOR_TLS_KEY_FILE=<host>-key.pem; every peer and CLI: KONTOR_TLS_CA_FILE=${result.caFile}\n`);
  } catch (error) {
    process.stderr.write(`kontor dev-ca: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
