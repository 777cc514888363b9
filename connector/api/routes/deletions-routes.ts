import { toIso } from '../../../core/index.js';
import type { AuditLog } from '../../audit/index.js';
import type { DutyTimerStore } from '../../usage/index.js';
import type { RouteDef } from '../../http/route-def.js';

/** GET /api/v1/deletions: deletion receipts issued or received (from the audit log) and the duties still to run. */
export function deletionsRoutes(deps: { audit: AuditLog; duties: DutyTimerStore }): RouteDef[] {
  return [
    {
      method: 'get',
      path: '/api/v1/deletions',
      handler: async (_req, res) => {
        const receipts = [];
        for (let offset = 0; ; offset += 500) {
          const page = await deps.audit.query({ offset, limit: 500 });
          for (const e of page.items) {
            const data = e.data as { receipt?: unknown; sentTo?: string; receivedFrom?: string } | null;
            if (e.type === 'deletion' && data?.receipt)
              receipts.push({ auditSeq: e.seq, agreementId: e.agreementId ?? null, direction: data.receivedFrom ? 'received' : 'issued', receipt: data.receipt });
          }
          if (offset + 500 >= page.total) break;
        }
        const duties = await deps.duties.list({ states: ['pending', 'running', 'failed'], offset: 0, limit: 500 });
        res.json({
          receipts,
          pendingDuties: duties.items.map((d) => ({
            id: d.id,
            agreementId: d.agreementId,
            action: d.action,
            dueAt: toIso(d.dueAt),
            state: d.state,
            attempts: d.attempts,
            lastError: d.lastError ?? null,
          })),
        });
      },
    },
  ];
}
