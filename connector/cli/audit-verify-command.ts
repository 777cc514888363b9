import { pino } from 'pino';
import { systemClock } from '../../core/index.js';
import { verifyAuditLog } from '../audit/index.js';
import { loadConfig } from '../config/load-config.js';
import { createStores, type Stores } from '../store/sql/create-stores.js';
import { requireExistingStore } from './existing-store.js';
import { reportStartupError } from './report-startup-error.js';

/**
 * `kontor audit verify`: walks the hash chain of this connector's audit log; exit 1 names the first broken entry, or
 * the store when there is none at the configured place (it is never created here).
 */
export async function auditVerifyCommand(configFile: string | undefined): Promise<void> {
  let stores: Stores | undefined;
  try {
    const config = loadConfig({ file: configFile });
    await requireExistingStore(config.store, 'kontor audit verify');
    stores = await createStores(config.store, { clock: systemClock, logger: pino({ level: 'warn' }) });
    const report = await verifyAuditLog(stores.audit, { clock: systemClock });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(
      report.ok
        ? `audit log intact: ${report.entriesChecked} entries, head ${report.headHash}\n`
        : `audit log BROKEN at entry ${report.problem?.seq ?? '?'}: ${report.problem?.kind ?? ''}\n`,
    );
    if (!report.ok) process.exitCode = 1;
  } catch (error) {
    reportStartupError(error);
    process.exitCode = 1;
  } finally {
    await stores?.close();
  }
}
