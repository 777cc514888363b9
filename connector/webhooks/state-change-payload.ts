/** A negotiation's or transfer's state change as its `…stateChanged` event gives it. */
export interface StateChangeFacts {
  id: string;
  role: string;
  from: string | null;
  to: string;
  /** When the state changed, epoch milliseconds (the delivery's own `at` is ISO 8601: when it was queued). */
  at: number;
}

/**
 * The `data` of a `negotiation.stateChanged` or `transfer.stateChanged` delivery: the change, and `reason` when the
 * process has one (its termination reason: TERMINATED, as its record and audit entry show it). The shape is the
 * `webhooks` section of connector/api/openapi.json; receivers parse it, so fields are added, never renamed.
 */
export function stateChangePayload(change: StateChangeFacts, entity: Readonly<{ terminationReason?: unknown }>): Record<string, unknown> {
  const { id, role, from, to, at } = change;
  const reason = typeof entity.terminationReason === 'string' && entity.terminationReason !== '' ? entity.terminationReason : undefined;
  return { id, role, from, to, at, ...(reason ? { reason } : {}) };
}
