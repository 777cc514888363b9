import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../core/index.js';
import { capturingLogger } from '../../test/helpers/log-capture.js';
import { startConnector, type RunningConnector } from '../../test/helpers/start-connector.js';
import { negotiate, offerFiles, RESEARCH, transferReached } from '../../test/helpers/transfer-fixture.js';

const GRACE_MS = 5_000; // shutdown.graceMs, on the fake clock
const SLACK_MS = 100;

describe('a connector stopped while a push to a destination that never answers runs', () => {
  const dataRoot = mkdtempSync(join(tmpdir(), 'kontor-stuck-push-'));
  let provider: RunningConnector | undefined;
  let consumer: RunningConnector | undefined;
  let sink: Server | undefined;
  let held: Socket | undefined;
  afterAll(async () => {
    vi.useRealTimers();
    held?.destroy();
    await consumer?.stop();
    await provider?.stop();
    sink?.closeAllConnections();
    await new Promise((resolve) => (sink ? sink.close(resolve) : resolve(undefined)));
    rmSync(dataRoot, { recursive: true, force: true });
  });

  it('should interrupt the push and cut the HTTP connections within one shutdown.graceMs, and resolve', async () => {
    writeFileSync(join(dataRoot, 'penguins.bin'), 'species,island\nAdelie,Torgersen\n');
    const log = capturingLogger();
    provider = await startConnector('sqlite', { logger: log.logger }, { 'dataPlane.fileRoot': dataRoot, 'shutdown.graceMs': GRACE_MS, 'stateMachine.retryBaseMs': 20 });
    consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
    await offerFiles(provider, [{ id: 'penguins', path: 'penguins.bin' }]);
    const agreementId = await negotiate(consumer, provider, 'penguins');

    let reached!: (req: IncomingMessage) => void;
    const pushArrived = new Promise<IncomingMessage>((resolve) => (reached = resolve));
    sink = createServer((req) => {
      req.pause(); // takes the connection and never reads nor answers
      reached(req);
    });
    await new Promise<void>((resolve) => sink?.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(sink.address() as { port: number }).port}/inbox`;
    const completing = transferReached(provider, (e) => e.role === 'provider' && e.to === 'COMPLETING');
    const started = await consumer.api('/api/v1/transfers', {
      method: 'POST',
      json: { agreementId, transferType: 'HttpData-PUSH', purpose: RESEARCH, dataDestination: { endpoint } },
    });
    expect(started.status).toBe(201);
    const pushing = await completing;
    await pushArrived; // the provider's push is in flight, and will get no answer
    await consumer.stop();

    // A management request whose headers never end: the listener's close waits for it until connections are cut.
    const management = new URL(provider.managementUrl);
    held = connect(Number(management.port), management.hostname);
    const heldClosed = new Promise<void>((resolve) => held?.once('close', () => resolve()));
    held.write('GET /health/live HTTP/1.1\r\nHost: kontor\r\n');
    expect((await provider.api('/health/live')).status).toBe(200); // the listener has read the held request's start by now

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }); // the grace and the connector's clock; sockets run for real
    // When (on the fake clock, since the stop began) the held connection was cut and the stop resolved. The client sees
    // its socket close on a turn of its own, so either may be noticed first: the times are what the test judges.
    const at: { cut?: number; stopped?: number } = {};
    const began = systemClock.now(); // the connector's clock, on the fake Date
    void heldClosed.then(() => (at.cut = systemClock.now() - began));
    const stopping = provider.connector.stop().then(() => (at.stopped = systemClock.now() - began));
    await vi.advanceTimersByTimeAsync(GRACE_MS); // one grace period
    // Then the sockets and the store work for real while the fake clock creeps on by a millisecond a turn (a timer set
    // for now fires a millisecond later), never beyond SLACK_MS, far from a second grace period. The turns are not
    // counted: the store's close and the relay's last pass take real time, more turns on a loaded machine (a stop that
    // needs more fake time than that never ends here, and the test's timeout fails it).
    while (at.stopped === undefined || at.cut === undefined) {
      await vi.advanceTimersByTimeAsync(systemClock.now() - began < GRACE_MS + SLACK_MS ? 1 : 0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The held request had its grace, and no second grace period went to the HTTP close.
    expect(at.cut).toBeGreaterThanOrEqual(GRACE_MS);
    expect(at.cut).toBeLessThanOrEqual(GRACE_MS + SLACK_MS);
    expect(at.stopped).toBeLessThanOrEqual(GRACE_MS + SLACK_MS);
    await stopping;
    vi.useRealTimers();

    expect(log.lines).toContainEqual(
      expect.objectContaining({ msg: 'pushes still running at the end of the shutdown grace period were interrupted; they are made again later', pushes: 1 }),
    );
    // The push was interrupted, not failed: the transfer waits in COMPLETING, its attempt not used up, for a replica to push again.
    const db = new BetterSqlite3(String(provider.connector.config.store.path), { readonly: true });
    const row = db.prepare('SELECT state, state_count, error_detail FROM transfer_processes WHERE id = ?').get(pushing.id) as Record<string, unknown>;
    db.close();
    expect(row).toMatchObject({ state: 'COMPLETING', state_count: pushing.transfer.stateCount, error_detail: expect.stringContaining(`shutdown.graceMs (${GRACE_MS} ms)`) });
  });
});
