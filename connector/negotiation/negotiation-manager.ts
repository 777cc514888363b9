import type { RetryPolicy } from '../statemachine/retry-policy.js';
import { StateMachineLoop, type ProcessorEntry } from '../statemachine/state-machine-loop.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import { consumerProcessors } from './processors/consumer-processors.js';
import { providerProcessors } from './processors/provider-processors.js';
import { LOOP_DEFAULTS } from '../statemachine/loop-defaults.js';
import { negotiationSilence, negotiationSilenceChecks } from './processors/silence-checks.js';

/**
 * The negotiation state machine of one process: both roles' processors in one leased loop, and the checks of the states
 * that wait for the peer once it was silent for `peerSilenceMs` (absent or 0: none; see silenceDueStore for their due time).
 */
export function createNegotiationLoop(
  deps: NegotiationDeps,
  options: { owner: string; retry?: RetryPolicy; idleWaitMs?: number; leaseMs?: number; peerSilenceMs?: number },
): StateMachineLoop<ContractNegotiation> {
  const consumer = consumerProcessors(deps);
  const provider = providerProcessors(deps);
  const states = [...new Set([...consumer, ...provider].map((e) => e.state))];
  // A state both roles act in (TERMINATING) runs the processor of the negotiation's own role.
  const processors: ProcessorEntry<ContractNegotiation>[] = states.map((state) => {
    const c = consumer.find((e) => e.state === state);
    const p = provider.find((e) => e.state === state);
    if (!c || !p) return (c ?? p) as ProcessorEntry<ContractNegotiation>;
    const pick = (n: ContractNegotiation) => (n.role === 'consumer' ? c : p);
    return { state, process: (n) => pick(n).process(n), onFailure: (n, e) => pick(n).onFailure(n, e) };
  });
  return new StateMachineLoop<ContractNegotiation>({
    name: 'negotiation',
    store: deps.store,
    processors: [...processors, ...negotiationSilenceChecks(deps, negotiationSilence(options.peerSilenceMs ?? 0))],
    owner: options.owner,
    clock: deps.clock,
    logger: deps.logger,
    retry: options.retry ?? LOOP_DEFAULTS.retry,
    idleWaitMs: options.idleWaitMs ?? LOOP_DEFAULTS.idleWaitMs,
    leaseMs: options.leaseMs ?? LOOP_DEFAULTS.leaseMs,
    onSaved: (before, after) => deps.onChanged?.(before, after),
  });
}
