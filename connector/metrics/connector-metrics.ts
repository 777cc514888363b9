import { Counter, Histogram, Registry } from 'prom-client';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Every metric the connector records as events happen, on one registry built by the composition root
 * (never prom-client's global default registry). Gauges read from the stores at scrape time are added
 * by store-gauges.ts. docs/operations.md lists them all.
 */
export function createConnectorMetrics(registry: Registry = new Registry()) {
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({
      name: 'kontor_http_requests_total',
      help: 'HTTP requests answered, by listener, route pattern, method and status',
      labelNames: ['listener', 'route', 'method', 'status'],
      registers,
    }),
    httpDuration: new Histogram({
      name: 'kontor_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by listener, route pattern, method and status',
      labelNames: ['listener', 'route', 'method', 'status'],
      buckets: SECONDS,
      registers,
    }),
    negotiationTransitions: new Counter({
      name: 'kontor_negotiation_transitions_total',
      help: 'Contract negotiation state changes, by role and new state',
      labelNames: ['role', 'to'],
      registers,
    }),
    transferTransitions: new Counter({
      name: 'kontor_transfer_transitions_total',
      help: 'Transfer process state changes, by role and new state',
      labelNames: ['role', 'to'],
      registers,
    }),
    claimDuration: new Histogram({
      name: 'kontor_state_machine_claim_duration_seconds',
      help: 'Time one claim of due entities takes (a leased SELECT/UPDATE), by loop',
      labelNames: ['loop'],
      buckets: SECONDS,
      registers,
    }),
    loopLag: new Histogram({
      name: 'kontor_state_machine_lag_seconds',
      help: 'How late an entity is claimed or handed over after it became due (clock time), by loop',
      labelNames: ['loop'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
      registers,
    }),
    loopHandOffs: new Counter({
      name: 'kontor_state_machine_handoffs_total',
      help: 'Entities a save leased to their loop and handed over at once, without a claim, by loop',
      labelNames: ['loop'],
      registers,
    }),
    loopRetries: new Counter({
      name: 'kontor_state_machine_retries_total',
      help: 'Steps that failed and were scheduled again with back-off, by loop',
      labelNames: ['loop'],
      registers,
    }),
    identityVerifications: new Counter({
      name: 'kontor_identity_verifications_total',
      help: 'Inbound protocol callers authenticated, by outcome (verified, rejected) and error code',
      labelNames: ['outcome', 'code'],
      registers,
    }),
    policyDecisions: new Counter({
      name: 'kontor_policy_decisions_total',
      help: 'ODRL policy evaluations, by scope and outcome (permit, deny)',
      labelNames: ['scope', 'outcome'],
      registers,
    }),
    monitorEnded: new Counter({ name: 'kontor_policy_monitor_ended_total', help: 'Live transfers the policy monitor ended because their agreement no longer holds', registers }),
    trainingRounds: new Counter({ name: 'kontor_training_rounds_total', help: 'Training rounds a coordinator has completed', registers }),
    trainingRoundDuration: new Histogram({
      name: 'kontor_training_round_duration_seconds',
      help: 'Clock time from the end of the previous round (or the start of the training) to the end of a round, on the coordinator',
      buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600],
      registers,
    }),
    trainingRoundRequests: new Counter({
      name: 'kontor_training_round_requests_total',
      help: 'Training round requests a data site decided, by outcome (allowed, refused)',
      labelNames: ['outcome'],
      registers,
    }),
    trainingsFinished: new Counter({ name: 'kontor_trainings_finished_total', help: 'Trainings that reached a final state, by state', labelNames: ['state'], registers }),
    deletions: new Counter({
      name: 'kontor_deletions_total',
      help: 'Deletion receipts, by direction (performed here and sent, received from a coordinator)',
      labelNames: ['direction'],
      registers,
    }),
    deletionDutiesMissed: new Counter({ name: 'kontor_deletion_duties_missed_total', help: 'Deletion duties carried out after their deadline', registers }),
    usageEscalations: new Counter({
      name: 'kontor_usage_escalations_total',
      help: 'Escalations of a missing deletion receipt, by step (inform, suspend, resolved)',
      labelNames: ['step'],
      registers,
    }),
    webhookDeliveries: new Counter({
      name: 'kontor_webhook_deliveries_total',
      help: 'Webhook deliveries that ended, by outcome (delivered, failed)',
      labelNames: ['outcome'],
      registers,
    }),
  };
}

export type ConnectorMetrics = ReturnType<typeof createConnectorMetrics>;
