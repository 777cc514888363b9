import type { ConstraintInput } from '../engine/constraint-function.js';

/**
 * The instant usage counts from: the agreement's start; at negotiation (no agreement yet) the
 * agreement would start now. Elsewhere a missing start is reported, never assumed.
 */
export function agreementStartOf(input: ConstraintInput): number | string {
  if (input.agreementStart !== undefined) return input.agreementStart;
  if (input.context.scope === 'negotiation') return input.now;
  return `no agreementStart in the ${input.context.scope} context`;
}
