/** Decimals a probability keeps where an agreement behind the training does not grant `fl:exportModel`. */
export const ROUNDED_DECIMALS = 2;

const round = (p: number) => Math.round(p * 10 ** ROUNDED_DECIMALS) / 10 ** ROUNDED_DECIMALS;

/**
 * Pure: one prediction as answered: the most probable class and each class's probability. `rounded` (some agreement
 * lacks the export grant) keeps ROUNDED_DECIMALS decimals: exact probabilities of a few rows would let the caller rebuild
 * a softmax model it may not take out. Rounded or not, predictions approximate the model; the contract's use count is
 * the control on how many.
 */
export function predictionOf(p: readonly number[], classes: readonly string[], rounded: boolean): { class: string | null; probabilities: Record<string, number> } {
  const best = p.indexOf(Math.max(...p));
  return { class: classes[best] ?? null, probabilities: Object.fromEntries(classes.map((c, i) => [c, rounded ? round(p[i] ?? 0) : (p[i] ?? 0)])) };
}
