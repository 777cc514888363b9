import { CX_POLICY_CONTEXT_URL, catenaXPolicyContext } from './catena-x-policy-2025-9.js';
import { DSP_ODRL_PROFILE_URL, dspOdrlProfileContext } from './dsp-odrl-profile.js';

const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
};

/**
 * Contexts other parties publish that Kontor reads offline: the DSP ODRL profile and the Catena-X policy context,
 * which Tractus-X policies name. Unlike `projectContexts` they are not Kontor's own, so they are not served at
 * `/.well-known/kontor-contexts`; the offline loader answers them like the npm context packages.
 */
export const communityContexts: Readonly<Record<string, object>> = deepFreeze({
  [DSP_ODRL_PROFILE_URL]: structuredClone(dspOdrlProfileContext),
  [CX_POLICY_CONTEXT_URL]: structuredClone(catenaXPolicyContext),
});
