import type { Outcome } from './trace.js';

/**
 * A branch of `or`/`xone` that is deferred with nothing that will ever settle it (only contract terms, no `until`)
 * counts as false there: otherwise `or[BusinessPartnerNumber eq X, Liability eq …]` would hold for everyone, in every
 * scope. A branch deferred to a later scope (e.g. an fl: term to `training.round`) stays deferred: that scope decides it.
 */
export function settleAlternative(o: Outcome): Outcome {
  if (o.status !== 'deferred' || o.traces.some((t) => t.until !== undefined)) return o;
  return {
    status: 'false',
    traces: o.traces.map((t) => ({
      path: t.path,
      constraint: t.constraint,
      status: 'false' as const,
      message: `${t.message}; no request ever settles this term, so it cannot make an alternative (or/xone) hold`,
    })),
  };
}
