import type { PolicyEvaluation } from './evaluation-result.js';

/** Untrusted input (a raw JSON policy, a malformed context) must deny, never throw. */
export function denyOnThrow(run: () => PolicyEvaluation): PolicyEvaluation {
  try {
    return run();
  } catch (e) {
    const message = `the policy or context could not be evaluated (${e instanceof Error ? e.message : String(e)}); pass a policy from engine.parse and a well-formed context`;
    return { allowed: false, problems: [{ path: '', constraint: 'policy', message }], obligations: [], deferred: [] };
  }
}
