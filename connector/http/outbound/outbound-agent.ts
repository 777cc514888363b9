import { Agent } from 'undici';
import { guardedLookup } from './guarded-lookup.js';
import { createOutboundPolicy, type OutboundPolicy } from './outbound-policy.js';

/**
 * The process's outbound policy and the undici Agent that enforces it at connect time. A connector installs the
 * policy its configuration describes at start (`installOutboundPolicy`); until then the development default
 * applies: loopback allowed, every other denied range refused, https elsewhere.
 */
let current: { policy: OutboundPolicy; agent: Agent } | undefined;

/** The previous Agent is left to finish its calls and idle out (closing it would fail a call that just took it). */
export function installOutboundPolicy(policy: OutboundPolicy): void {
  current = { policy, agent: new Agent({ connect: { lookup: guardedLookup(policy) } }) };
}

function active(): { policy: OutboundPolicy; agent: Agent } {
  if (!current) installOutboundPolicy(createOutboundPolicy({ allowLoopback: true }));
  return current as { policy: OutboundPolicy; agent: Agent };
}

export const outboundPolicy = (): OutboundPolicy => active().policy;

/** The dispatcher to pass to `fetch` (`init.dispatcher`): connects only to addresses the policy allows. */
export const outboundDispatcher = (): Agent => active().agent;
