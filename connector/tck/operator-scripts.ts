import type { EventBus, Logger } from '../../core/index.js';
import type { NegotiationEvents } from '../negotiation/index.js';
import type { negotiationService } from '../negotiation/index.js';
import { withoutEmptyArrays } from '../negotiation/index.js';
import type { TransferEvents } from '../transfer/index.js';
import type { transferService } from '../transfer/index.js';

export const SCRIPT_ACTIONS = ['terminate', 'complete', 'suspend', 'resume', 'counter-offer'] as const;
export type ScriptAction = (typeof SCRIPT_ACTIONS)[number];

/** One operator step: when the process reaches `on`, do `do` (or nothing: the step only marks the way). */
export interface ScriptStep {
  on: string;
  do?: ScriptAction;
}

/**
 * TCK mode only: what an operator would do by hand, for the TCK scenarios where the connector under test acts on its own
 * ("provider completed", "consumer terminated"). A negotiation is matched by its dataset, a transfer by its agreement.
 */
export interface OperatorScript {
  process: 'negotiation' | 'transfer';
  match: string;
  steps: ScriptStep[];
}

type Services = { negotiations: ReturnType<typeof negotiationService>; transfers: ReturnType<typeof transferService> };

/** Runs the scripts on state changes, through the management services (the same calls an operator's would be). */
export function runOperatorScripts(scripts: readonly OperatorScript[], deps: Services & { events: EventBus<NegotiationEvents & TransferEvents>; logger: Logger }): void {
  if (scripts.length === 0) return;
  const progress = new Map<string, number>();
  const step = (process: OperatorScript['process'], key: string, id: string, to: string, act: (action: ScriptAction) => Promise<unknown>) => {
    const script = scripts.find((s) => s.process === process && s.match === key);
    const index = progress.get(id) ?? 0;
    const next = script?.steps[index];
    if (!next || next.on !== to) return;
    progress.set(id, index + 1);
    if (!next.do) return;
    const action = next.do;
    deps.logger.info({ id, state: to, action }, 'TCK operator script acts');
    act(action).catch((error: unknown) => deps.logger.warn({ err: error, id, action }, 'TCK operator script step failed'));
  };
  deps.events.on('negotiation.stateChanged', ({ id, to, negotiation: n }) =>
    step('negotiation', n.assetId ?? String(n.offer.target), id, to, (action) => {
      if (action === 'terminate') return deps.negotiations.terminate(id, 'terminated by the TCK operator script');
      // The same terms back, without the TCK's empty `constraints` (a term outside the DSP context).
      if (action === 'counter-offer')
        return deps.negotiations.counterOffer(id, withoutEmptyArrays({ permission: n.offer.permission, prohibition: n.offer.prohibition, obligation: n.offer.obligation }));
      return Promise.reject(new Error(`'${action}' is not a negotiation action`));
    }),
  );
  deps.events.on('transfer.stateChanged', ({ id, to, transfer: t }) =>
    step('transfer', t.agreementId, id, to, (action) => {
      if (action === 'terminate') return deps.transfers.terminate(id, 'terminated by the TCK operator script');
      if (action === 'complete') return deps.transfers.complete(id);
      if (action === 'suspend') return deps.transfers.suspend(id, 'suspended by the TCK operator script');
      if (action === 'resume') return deps.transfers.resume(id);
      return Promise.reject(new Error(`'${action}' is not a transfer action`));
    }),
  );
}

/** Whether a consumer negotiation for this dataset should wait in OFFERED for the script (rather than accept at once). */
export const scriptWaitsForOffer = (scripts: readonly OperatorScript[], datasetId: string): boolean =>
  scripts.some((s) => s.process === 'negotiation' && s.match === datasetId && s.steps.some((st) => st.on === 'OFFERED' && st.do !== undefined));
