/** The rules a counter-offer carries: the counter-offer API takes ODRL permissions, prohibitions and obligations only. */
const RULES = ['permission', 'prohibition', 'obligation'] as const;

/**
 * The counter-offer box's starting text: every rule of the offer, so sending it unchanged keeps the terms (a prohibition
 * or duty left out would be dropped from the contract). A single rule object counts as a list of one; empty lists are
 * left out (the API refuses them); the offer's identity and target stay the negotiation's.
 */
export function counterOfferRules(offer: Record<string, unknown>): Record<string, unknown[]> {
  const rules: Record<string, unknown[]> = {};
  for (const name of RULES) {
    const value = offer[name];
    const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
    if (list.length > 0) rules[name] = list;
  }
  return rules;
}
