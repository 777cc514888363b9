import type { EventBus } from '../../core/index.js';
import type { NegotiationEvents } from '../negotiation/index.js';
import type { TransferEvents } from '../transfer/index.js';
import type { Training } from '../training/index.js';
import type { ConnectorMetrics } from './connector-metrics.js';

const FINAL = new Set(['COMPLETED', 'STOPPED', 'FAILED']);

/** Counts negotiation and transfer state changes off the connector's event bus. */
export function countTransitions(events: EventBus<NegotiationEvents & TransferEvents>, metrics: ConnectorMetrics): void {
  events.on('negotiation.stateChanged', (e) => metrics.negotiationTransitions.inc({ role: e.role, to: e.to }));
  events.on('transfer.stateChanged', (e) => metrics.transferTransitions.inc({ role: e.role, to: e.to }));
}

/** A coordinator's training changed: completed rounds, their duration (from the rounds' own clock times), final states. */
export function countTraining(metrics: ConnectorMetrics, before: Training, after: Training): void {
  if (after.currentRound > before.currentRound) metrics.trainingRounds.inc(after.currentRound - before.currentRound);
  let previousEnd = before.metrics.at(-1)?.at ?? before.stateTimestamp;
  for (const round of after.metrics.slice(before.metrics.length)) {
    metrics.trainingRoundDuration.observe(Math.max(0, round.at - previousEnd) / 1000);
    previousEnd = round.at;
  }
  if (FINAL.has(after.state) && !FINAL.has(before.state)) metrics.trainingsFinished.inc({ state: after.state });
}
