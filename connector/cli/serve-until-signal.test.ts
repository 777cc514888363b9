import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../core/index.js';
import { serveUntilSignal, type Service, type ServiceProcess } from './serve-until-signal.js';

function deferred<T = void>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A process whose signals the test sends, and which records what the command did with it. */
function fakeProcess() {
  const listeners = new Map<string, Set<() => void>>();
  const done: string[] = [];
  const exited = deferred<number>();
  const proc: ServiceProcess = {
    on: (signal, listener) => listeners.set(signal, (listeners.get(signal) ?? new Set()).add(listener)),
    off: (signal, listener) => listeners.get(signal)?.delete(listener),
    exit: (code) => {
      done.push(`exit ${code}`);
      exited.resolve(code);
    },
    say: (line) => void done.push(line),
    fail: () => void done.push('failed'),
  };
  const send = (signal: 'SIGTERM' | 'SIGINT') => {
    for (const listener of listeners.get(signal) ?? []) listener();
  };
  return { proc, send, done, exited: exited.promise, listening: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

/** A service whose start the test lets finish when it wants, recording its calls. */
function pendingService(done: string[]) {
  const starting = deferred();
  const startCalled = deferred();
  const service: Service = {
    start: async () => {
      done.push('start');
      startCalled.resolve();
      await starting.promise;
      done.push('started');
    },
    stop: async () => void done.push('stop'),
  };
  return { service, finishStart: starting.resolve, failStart: starting.reject, startCalled: startCalled.promise };
}

const logger = () => ({ info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() }) as unknown as Logger & { info: ReturnType<typeof vi.fn> };

/** Review item 6: SIGTERM during start-up ended the process with 143 and no line (the handlers came after start). */
describe('serveUntilSignal', () => {
  it('should take a SIGTERM while the start is pending: say so, let the step finish, stop what was opened and exit 0', async () => {
    const { proc, send, done, exited } = fakeProcess();
    const { service, finishStart, startCalled } = pendingService(done);
    const log = logger();
    const run = serveUntilSignal(async ({ useLogger }) => {
      useLogger(log);
      return service;
    }, proc);
    await startCalled;
    send('SIGTERM');
    send('SIGINT'); // a second signal changes nothing
    expect(done).toEqual(['start', 'kontor: SIGTERM received: stop requested during start-up; stopping once the current step is done']);
    expect(log.info).toHaveBeenCalledWith({ signal: 'SIGTERM' }, 'stop requested during start-up');
    finishStart();
    await run;
    expect(await exited).toBe(0);
    expect(done.slice(2)).toEqual(['started', 'stop', 'exit 0']);
  });

  it('should not start a service whose building was under way when the signal came, and stop it, exit 0', async () => {
    const { proc, send, done, exited } = fakeProcess();
    const { service } = pendingService(done);
    const building = deferred<Service>();
    const run = serveUntilSignal(() => building.promise, proc);
    send('SIGINT');
    building.resolve(service); // the migration (say) finished
    await run;
    expect(done[0]).toContain('stop requested during start-up');
    expect(await exited).toBe(0);
    expect(done).toEqual(['kontor: SIGINT received: stop requested during start-up; stopping once the current step is done', 'stop', 'exit 0']);
  });

  it('should tell the builder a stop was requested, so that it opens nothing more, and exit 0', async () => {
    const { proc, send, done, exited } = fakeProcess();
    const loaded = deferred();
    const run = serveUntilSignal(async ({ stopRequested }) => {
      await loaded.promise; // the configuration and the key file checked
      return stopRequested() ? undefined : pendingService(done).service;
    }, proc);
    send('SIGTERM');
    loaded.resolve();
    await run;
    expect(done[0]).toContain('stop requested during start-up');
    expect(await exited).toBe(0);
    expect(done).toEqual(['kontor: SIGTERM received: stop requested during start-up; stopping once the current step is done', 'exit 0']);
  });

  it('should drain on a signal once started, as before', async () => {
    const { proc, send, done, exited } = fakeProcess();
    const { service, finishStart } = pendingService(done);
    finishStart();
    await serveUntilSignal(async () => service, proc);
    expect(done).toEqual(['start', 'started']);
    send('SIGTERM');
    send('SIGTERM');
    expect(await exited).toBe(0);
    expect(done.slice(2)).toEqual(['kontor: SIGTERM received, draining', 'stop', 'exit 0']);
  });

  it('should report a failed start-up, stop what was opened, exit 1 and leave the signals to the process again', async () => {
    const { proc, done, listening } = fakeProcess();
    const { service, failStart } = pendingService(done);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      failStart(new Error('the public port is taken'));
      await serveUntilSignal(async () => service, proc);
      expect(stderr).toHaveBeenCalledWith('kontor: cannot start: the public port is taken\n');
    } finally {
      stderr.mockRestore();
    }
    expect(done).toEqual(['start', 'stop', 'failed']);
    expect(listening()).toBe(0);
  });
});

describe('serveUntilSignal after a signal held while the program loaded', () => {
  it('should open nothing, say the stop was requested during start-up and exit 0', async () => {
    const { proc, done, exited } = fakeProcess();
    let opened = false;
    await serveUntilSignal(
      async () => {
        opened = true;
        return undefined;
      },
      { ...proc, held: () => 'SIGINT' },
    );
    expect(await exited).toBe(0);
    expect(opened).toBe(false);
    expect(done).toEqual(['kontor: SIGINT received: stop requested during start-up; stopping once the current step is done', 'exit 0']);
  });
});
