import type { AuditEntry } from '../audit/index.js';
import type { ConnectorMetrics } from './connector-metrics.js';

type AuditDrivenMetrics = Pick<ConnectorMetrics, 'deletions' | 'deletionDutiesMissed' | 'usageEscalations' | 'monitorEnded'>;

/**
 * Figures read off the audit log as entries are appended, where the log already records the event:
 * deletion receipts, missed deletion deadlines, escalations, and the transfers the policy monitor ended.
 */
export function auditMetrics(metrics: AuditDrivenMetrics): (entry: AuditEntry) => void {
  return (entry) => {
    const data = (entry.data ?? {}) as Record<string, unknown>;
    // A deletion is logged twice where it is performed (what is about to be shredded, then the receipt sent): only the receipt counts.
    if (entry.type === 'deletion') {
      if ('sentTo' in data) metrics.deletions.inc({ direction: 'performed' });
      else if ('receivedFrom' in data) metrics.deletions.inc({ direction: 'received' });
    } else if (entry.type === 'usage.duty' && data.event === 'deadline missed') metrics.deletionDutiesMissed.inc();
    else if (entry.type === 'usage.escalation') metrics.usageEscalations.inc({ step: String(data.step ?? 'unknown') });
    else if (entry.type === 'policy.decision' && entry.actor === 'policy-monitor') metrics.monitorEnded.inc();
  };
}
