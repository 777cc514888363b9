import { Agent, setGlobalDispatcher } from 'undici';
import { guardedLookup } from './guarded-lookup.js';
import { createOutboundPolicy, type OutboundPolicy } from './outbound-policy.js';

/**
 * The process's outbound policy and the undici Agent that enforces it at connect time. A connector installs the
 * policy its configuration describes at start (`installOutboundPolicy`); until then the development default
 * applies: loopback allowed, every other denied range refused, https elsewhere.
 */
let current: { policy: OutboundPolicy; agent: Agent } | undefined;

/**
 * The previous Agent is left to finish its calls and idle out (closing it would fail a call that just took it).
 * `ca` (see trusted-cas.ts: Node's roots plus tls.caFile) is what certificates are verified against, in this Agent
 * and in the process's default one that every other `fetch` (the authority, data backends, the CLI) goes through;
 * certificates are always verified, there is no setting that turns it off.
 */
export function installOutboundPolicy(policy: OutboundPolicy, ca?: readonly string[]): void {
  const tls = ca ? { ca: [...ca] } : {};
  current = { policy, agent: new Agent({ connect: { lookup: guardedLookup(policy), ...tls } }) };
  if (ca) installTrustedCas(ca);
}

/** Every `fetch` of the process without its own dispatcher verifies against `ca` (Node's roots plus tls.caFile). */
export function installTrustedCas(ca: readonly string[]): void {
  setGlobalDispatcher(new Agent({ connect: { ca: [...ca] } }));
}

function active(): { policy: OutboundPolicy; agent: Agent } {
  if (!current) installOutboundPolicy(createOutboundPolicy({ allowLoopback: true }));
  return current as { policy: OutboundPolicy; agent: Agent };
}
export const outboundPolicy = (): OutboundPolicy => active().policy;
/** The dispatcher to pass to `fetch` (`init.dispatcher`): connects only to addresses the policy allows. */
export const outboundDispatcher = (): Agent => active().agent;
