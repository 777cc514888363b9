/** How many distinct plans are remembered as valid (one per training this site serves, in practice). */
const REMEMBERED = 64;
/** Plans longer than this (as JSON) are checked every time rather than remembered. */
const MAX_KEY_CHARS = 65_536;

/**
 * A plan check run once per distinct plan instead of on every round request. `check` throws for a bad plan and may
 * complete it (schema defaults); a plan is remembered only when it passed and `check` left it exactly as it came
 * (same JSON before and after), so for a remembered plan skipping the check leaves the same plan and the same
 * outcome. A plan that failed, or that the check changed, is checked again the next time. Keyed by the plan's JSON
 * text: only an identical plan (the one the coordinator sends each round) is let through.
 */
export function validatedPlans(check: (plan: unknown) => void): (plan: unknown) => void {
  const passed = new Set<string>();
  return (plan) => {
    const before = JSON.stringify(plan);
    if (before !== undefined && passed.has(before)) return;
    check(plan);
    if (before === undefined || before.length > MAX_KEY_CHARS || JSON.stringify(plan) !== before) return;
    if (passed.size >= REMEMBERED) passed.delete(passed.values().next().value as string);
    passed.add(before);
  };
}
