import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { parsePrometheusText, type Exposition } from '../helpers/prometheus-text.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';
import { negotiate, offerFiles, RESEARCH, startTransfer } from '../helpers/transfer-fixture.js';

async function scrape(c: RunningConnector): Promise<Exposition> {
  const res = await c.api('/metrics');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(await res.text());
}

describe('the Prometheus text reader used below', () => {
  it('should accept a well-formed exposition and refuse malformed ones', () => {
    const ok = '# HELP a_total A.\n# TYPE a_total counter\na_total{x="1",y="q\\"uote"} 3\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 4.5\nh_count 2\n';
    const parsed = parsePrometheusText(ok);
    expect(parsed.value('a_total', { y: 'q"uote' })).toBe(3);
    expect(parsed.value('h_count')).toBe(2);
    for (const bad of [
      'a_total 1\n',
      '# TYPE a counter\na{x=1} 1\n',
      '# TYPE a counter\na one\n',
      '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n',
      '# TYPE a counter\na 1',
    ]) {
      expect(() => parsePrometheusText(bad), bad).toThrow();
    }
  });
});

describe.each(BACKENDS)('GET /metrics on $backend, between two real connectors', ({ backend, skip }) => {
  let provider: RunningConnector;
  let consumer: RunningConnector;
  let dataRoot: string;
  let sink: Server;
  let sinkCalls = 0;

  beforeAll(async () => {
    if (skip) return;
    dataRoot = mkdtempSync(join(tmpdir(), 'kontor-metrics-'));
    writeFileSync(join(dataRoot, 'penguins.csv'), 'species,island\nAdelie,Biscoe\n');
    provider = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20, 'dataPlane.fileRoot': dataRoot });
    consumer = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20, 'stateMachine.idleWaitMs': 50, 'webhooks.allowHttp': true, 'webhooks.retryBaseMs': 20 });
    await offerFiles(provider, [{ id: 'penguins', path: 'penguins.csv', mediaType: 'text/csv' }]);
    // A webhook receiver that fails its first delivery: one retry, then deliveries.
    sink = createServer((req, res) => {
      req.resume();
      req.on('end', () => void res.writeHead(sinkCalls++ === 0 ? 500 : 204).end());
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const hook = await consumer.api('/api/v1/webhooks', {
      method: 'POST',
      json: { url: `http://127.0.0.1:${(sink.address() as { port: number }).port}/events`, events: ['negotiation.stateChanged'] },
    });
    expect(hook.status).toBe(201);
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
    await new Promise((resolve) => (sink ? sink.close(resolve) : resolve(undefined)));
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });

  it.skipIf(skip)('should need the API key', async () => {
    const res = await fetch(`${provider.managementUrl}/metrics`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it.skipIf(skip)('should parse as Prometheus text, and its counters should move with a negotiation and a transfer', async () => {
    const [p0, c0] = [await scrape(provider), await scrape(consumer)];
    const agreementId = await negotiate(consumer, provider, 'penguins');
    await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const [p1, c1] = [await scrape(provider), await scrape(consumer)];
    const moved = (before: Exposition, after: Exposition, name: string, labels: Record<string, string> = {}) => after.value(name, labels) - before.value(name, labels);

    expect(moved(c0, c1, 'kontor_negotiation_transitions_total', { role: 'consumer', to: 'FINALIZED' })).toBe(1);
    expect(moved(p0, p1, 'kontor_negotiation_transitions_total', { role: 'provider', to: 'FINALIZED' })).toBe(1);
    expect(moved(c0, c1, 'kontor_transfer_transitions_total', { role: 'consumer', to: 'STARTED' })).toBe(1);
    expect(moved(p0, p1, 'kontor_transfer_transitions_total', { role: 'provider', to: 'STARTED' })).toBe(1);
    expect(c1.value('kontor_negotiations', { state: 'FINALIZED' })).toBe(1);
    expect(p1.value('kontor_negotiations', { state: 'FINALIZED' })).toBe(1);
    expect(c1.value('kontor_transfers', { state: 'STARTED' })).toBe(1);
    // The provider authenticated the consumer's protocol calls and evaluated its policy in the negotiation scope.
    expect(moved(p0, p1, 'kontor_identity_verifications_total', { outcome: 'verified' })).toBeGreaterThan(0);
    expect(moved(p0, p1, 'kontor_policy_decisions_total', { scope: 'negotiation', outcome: 'permit' })).toBeGreaterThan(0);
    // Requests by route pattern on both listeners, with their histograms; the loops took work, handed over at once.
    expect(moved(c0, c1, 'kontor_http_requests_total', { listener: 'management', route: '/api/v1/negotiations', method: 'POST', status: '201' })).toBe(1);
    expect(p1.samples.some((s) => s.name === 'kontor_http_requests_total' && s.labels.listener === 'public' && s.labels.route?.startsWith('/api/dsp/'))).toBe(true);
    expect(moved(c0, c1, 'kontor_http_request_duration_seconds_count', { listener: 'management', route: '/api/v1/negotiations', method: 'POST', status: '201' })).toBe(1);
    expect(moved(c0, c1, 'kontor_state_machine_handoffs_total', { loop: 'negotiations' })).toBeGreaterThan(0);
    expect(moved(c0, c1, 'kontor_state_machine_lag_seconds_count', { loop: 'negotiations' })).toBeGreaterThan(0);
    expect(moved(c0, c1, 'kontor_state_machine_lag_seconds_count', { loop: 'transfers' })).toBeGreaterThan(0);
    // Claims still run (at start, and when idle: retries and work a crashed replica left), and are timed.
    expect(c1.value('kontor_state_machine_claim_duration_seconds_count', { loop: 'negotiations' })).toBeGreaterThan(0);
    // The consumer's webhook: the first delivery failed and was retried, then they were delivered.
    const settled = await eventually('a webhook delivery retried, then delivered', async () => {
      const e = await scrape(consumer);
      return e.value('kontor_state_machine_retries_total', { loop: 'webhooks' }) >= 1 && e.value('kontor_webhook_deliveries', { state: 'PENDING' }) === 0 ? e : undefined;
    });
    expect(moved(c0, settled, 'kontor_webhook_deliveries_total', { outcome: 'delivered' })).toBe(settled.value('kontor_webhook_deliveries', { state: 'DELIVERED' }));
    expect(settled.value('kontor_webhook_deliveries', { state: 'DELIVERED' })).toBeGreaterThan(1);
    if (backend === 'postgres') expect(c1.value('kontor_db_pool_connections', { state: 'max' })).toBe(consumer.connector.config.store.poolSize);
    for (const name of [
      'kontor_webhook_deliveries',
      'kontor_deletion_duties_due',
      'kontor_training_rounds_total',
      'kontor_state_machine_retries_total',
      'kontor_deletion_duties_missed_total',
    ]) {
      expect(c1.types.has(name), name).toBe(true);
    }
  });

  it.skipIf(skip)('should keep one registry per connector (no process-wide default registry)', async () => {
    const consumerOnly = (await scrape(consumer)).value('kontor_http_requests_total', { listener: 'management', route: '/api/v1/negotiations', method: 'POST', status: '201' });
    const providerOnly = (await scrape(provider)).value('kontor_http_requests_total', { listener: 'management', route: '/api/v1/negotiations', method: 'POST', status: '201' });
    expect([consumerOnly, providerOnly]).toEqual([1, 0]);
  });
});
