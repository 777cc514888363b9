import type { AuditLog } from './audit/index.js';
import type { ChangeRecorder } from './store/change-recorder.js';
import type { Stores } from './store/sql/create-stores.js';
import type { OutboxRecord } from './store/sql/outbox/outbox-records.js';
import type { CoordinatorDecision, CoordinatorDeps, RoundDecision, SiteGateDeps } from './training/index.js';

/** What training's decisions are recorded through (the FL module's deps). */
export interface TrainingRecordDeps {
  audit: AuditLog;
  recorder: ChangeRecorder<Stores, OutboxRecord>;
  record: SiteGateDeps['record'];
  roundRecord?(decision: RoundDecision): OutboxRecord;
}

/**
 * The site gate's round bookkeeping and its allowed decision's audit entry in one transaction: the entry is appended
 * to the log inside it (`Stores.audit` bound to the transaction) instead of through the outbox and its relay, one
 * relay pass (a transaction and five statements) saved per round request; a record with a webhook event still goes
 * through the outbox (decision 0031).
 */
export function commitRoundWith(d: TrainingRecordDeps, roundRecord: (decision: RoundDecision) => OutboxRecord): NonNullable<SiteGateDeps['commitRound']> {
  return async (work, allowed, also) => {
    const { appended, head } = await d.recorder.commit(async (s) => {
      await work({ sessions: s.siteSessions, privacy: s.privacyLedger });
      const record = roundRecord(allowed);
      const inputs = [...(record.webhook ? [] : [record.audit]), ...also];
      const entries = inputs.length > 0 ? await s.audit.appendAll(inputs.map((input) => ({ build: d.audit.link(input), subject: input.subject }))) : [];
      const last = entries.at(-1);
      return { value: { appended: entries, head: last && { seq: last.seq, hash: last.hash, at: last.at } }, records: record.webhook ? [record] : [] };
    });
    for (const entry of appended) d.audit.noteAppended(entry);
    return head;
  };
}

/**
 * The coordinator's decisions on a round's answers as audit entries: with `roundRecord`, all of them in one append
 * (one transaction, in order); else one `record` each.
 */
export function coordinatorRecord(d: TrainingRecordDeps): CoordinatorDeps['record'] {
  const decision = (e: CoordinatorDecision): RoundDecision => ({
    transferId: e.trainingId,
    agreementId: e.agreementId,
    round: e.round,
    task: 'aggregate',
    allowed: e.accepted,
    reason: e.reason,
    caller: e.siteDid,
  });
  const roundRecord = d.roundRecord;
  if (roundRecord) return async (entries) => void (await d.audit.appendAll(entries.map((e) => roundRecord(decision(e)).audit)));
  return async (entries) => {
    for (const e of entries) await d.record(decision(e));
  };
}
