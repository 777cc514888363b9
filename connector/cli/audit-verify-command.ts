import { pino } from 'pino';
import { systemClock } from '../../core/index.js';
import { verifyAuditLog, type SignedAuditCheckpoint } from '../audit/index.js';
import { loadConfig } from '../config/load-config.js';
import type { Stores } from '../store/sql/create-stores.js';
import { openExistingStores } from './existing-store.js';
import { reportStartupError } from './report-startup-error.js';
import { levelOfLastChange } from './table-level.js';

const HEAD = /^(\d{1,15}):(sha256:[0-9a-f]{64})$/;

/** Verification reads the audit log alone: a store migrated since its last change, even if not to this build, is read alike. */
const AUDIT_LOG_LEVEL = levelOfLastChange('audit_log');

/** An `--expect-head` value (`<seq>:<hash>`, as a verify run printed it) as a checkpoint; undefined when malformed. */
export function expectedHead(value: string): SignedAuditCheckpoint | undefined {
  const m = HEAD.exec(value);
  return m ? { checkpoint: { seq: Number(m[1]), hash: m[2] as string, at: '' }, signature: '' } : undefined;
}

/**
 * `kontor audit verify`: walks the hash chain of this connector's audit log; exit 1 names the first broken entry (or
 * the rows beside the chain), or the store when there is none at the configured place or it is at a migration level
 * before the audit log's last change or after this build's (it is never created, migrated nor written to here: a
 * SQLite store is opened read-only, a running connector's WAL included). The chain alone cannot show a cut
 * tail (the newest entries, or all of them, deleted): each `--expect-head <seq>:<hash>`, a head printed by an earlier
 * run and kept elsewhere, must still be in the log, or the run fails naming it.
 */
export async function auditVerifyCommand(configFile: string | undefined, expectHeads: readonly string[] = []): Promise<void> {
  let stores: Stores | undefined;
  try {
    const malformed = expectHeads.filter((h) => !expectedHead(h));
    if (malformed.length > 0) {
      process.stderr.write(`kontor audit verify: --expect-head takes <seq>:<hash> as a verify run prints it (e.g. 42:sha256:…64 hex digits); not ${malformed.join(', ')}\n`);
      process.exitCode = 1;
      return;
    }
    // It reads the store only: no management API key, nor the secrets a serving connector's replicas share.
    const config = loadConfig({ file: configFile, role: 'store-reader' });
    const deps = { clock: systemClock, logger: pino({ level: 'warn' }) };
    stores = await openExistingStores(config.store, 'kontor audit verify', { use: 'read', since: AUDIT_LOG_LEVEL }, deps);
    const checkpoints = expectHeads.map((h) => expectedHead(h) as SignedAuditCheckpoint);
    // The heads are the operator's own records, not a peer's signed checkpoints: nothing to check a signature of.
    const report = await verifyAuditLog(stores.audit, { clock: systemClock, checkpoints, checkSignature: async () => true });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const lost = report.checkpoints.find((c) => !c.ok);
    process.stdout.write(
      report.ok
        ? `audit log intact: ${report.entriesChecked} entries, head ${report.headSeq}:${report.headHash} (keep it elsewhere and pass it as --expect-head next time: a cut tail shows only so)\n`
        : report.problem?.kind === 'outside-chain'
          ? `audit log BROKEN: ${report.problem.detail}\n`
          : report.problem
            ? `audit log BROKEN at entry ${report.problem.seq}: ${report.problem.kind}\n`
            : `audit log BROKEN: ${lost?.problem ?? 'an expected head does not hold'}\n`,
    );
    if (!report.ok) process.exitCode = 1;
  } catch (error) {
    reportStartupError(error, 'kontor audit verify');
    process.exitCode = 1;
  } finally {
    await stores?.close();
  }
}
