import { DEFAULT_RETRY, type RetryPolicy } from '../statemachine/retry-policy.js';
import { StateMachineLoop } from '../statemachine/state-machine-loop.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import { consumerProcessors } from './processors/consumer-processors.js';
import { providerProcessors } from './processors/provider-processors.js';

/** The negotiation state machine of one process: both roles' processors in one leased loop. */
export function createNegotiationLoop(deps: NegotiationDeps, options: { owner: string; retry?: RetryPolicy; idleWaitMs?: number; leaseMs?: number }): StateMachineLoop<ContractNegotiation> {
  const byState = new Map<string, ReturnType<typeof consumerProcessors>[number][]>();
  for (const entry of [...consumerProcessors(deps), ...providerProcessors(deps)]) byState.set(entry.state, [...(byState.get(entry.state) ?? []), entry]);
  // TERMINATING exists in both roles with the same behaviour except the path; dispatch by role.
  const processors = [...byState.entries()].map(([state, entries]) => {
    const consumerEntry = consumerProcessors(deps).find((e) => e.state === state);
    const providerEntry = providerProcessors(deps).find((e) => e.state === state);
    if (entries.length === 1 || !consumerEntry || !providerEntry) return entries[0] as (typeof entries)[number];
    return {
      state: state as ContractNegotiation['state'],
      process: (n: ContractNegotiation) => (n.role === 'consumer' ? consumerEntry : providerEntry).process(n),
      onFailure: (n: ContractNegotiation, e: unknown) => (n.role === 'consumer' ? consumerEntry : providerEntry).onFailure(n, e),
    };
  });
  return new StateMachineLoop<ContractNegotiation>({
    name: 'negotiation',
    store: deps.store,
    processors,
    owner: options.owner,
    clock: deps.clock,
    logger: deps.logger,
    retry: options.retry ?? DEFAULT_RETRY,
    idleWaitMs: options.idleWaitMs ?? 2000,
    leaseMs: options.leaseMs ?? 30_000,
    onSaved: (before, after) => deps.onChanged?.(before, after),
  });
}
