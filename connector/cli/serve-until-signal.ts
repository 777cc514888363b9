import type { Logger } from '../../core/index.js';
import { takeHeldStopSignal, type StopSignal } from './early-signals.js';
import { reportStartupError } from './report-startup-error.js';

/** What a start command runs until a signal: a connector or an authority. */
export interface Service {
  start(): Promise<unknown>;
  stop(): Promise<void>;
}

/** The process as a start command uses it; a test gives its own. */
export interface ServiceProcess {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
  exit(code: number): void;
  /** A line for the operator (stderr). */
  say(line: string): void;
  /** Marks the command failed (exit code 1) without ending the process at once. */
  fail(): void;
  /** A signal that came before the handlers were on (while the program loaded: early-signals.ts). */
  held?(): StopSignal | undefined;
}

const nodeProcess: ServiceProcess = {
  on: (signal, listener) => process.on(signal, listener),
  off: (signal, listener) => process.off(signal, listener),
  exit: (code) => process.exit(code),
  say: (line) => void process.stderr.write(`${line}\n`),
  fail: () => {
    process.exitCode = 1;
  },
  held: takeHeldStopSignal,
};

/** What `open` is given: whether a stop was asked for while it worked, and where to log once there is a logger. */
export interface Opening {
  stopRequested(): boolean;
  useLogger(logger: Logger): void;
}

/**
 * Runs a service from start-up until SIGTERM/SIGINT, then stops it (drains) and exits 0. The handlers are there from
 * the first moment (a signal that came while the program loaded was held: early-signals.ts). A signal during start-up
 * is "stop requested during start-up": the step under way (loading the configuration, opening and migrating the
 * store, binding the listeners) is let finish, nothing further starts, whatever was opened is stopped, and the
 * process exits 0. `open` builds the service; it may return undefined when it saw the stop requested before building
 * anything. A start-up that fails is reported and exits 1, as before, and the signals act as usual again.
 */
export async function serveUntilSignal(open: (opening: Opening) => Promise<Service | undefined>, proc: ServiceProcess = nodeProcess): Promise<void> {
  let service: Service | undefined;
  let starting = true;
  let requested: string | undefined;
  let logger: Logger | undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    (service ? service.stop() : Promise.resolve()).then(
      () => proc.exit(0),
      () => proc.exit(1),
    );
  };
  const handlers = (['SIGTERM', 'SIGINT'] as const).map((signal) => {
    const handler = () => {
      if (requested !== undefined || stopping) return;
      if (starting) {
        requested = signal;
        proc.say(`kontor: ${signal} received: stop requested during start-up; stopping once the current step is done`);
        logger?.info({ signal }, 'stop requested during start-up');
        return;
      }
      requested = signal;
      proc.say(`kontor: ${signal} received, draining`);
      stop();
    };
    proc.on(signal, handler);
    return [signal, handler] as const;
  });
  const early = proc.held?.();
  for (const [signal, handler] of handlers) if (signal === early) handler();
  try {
    // A signal held while the program loaded: nothing is opened at all.
    service =
      requested === undefined
        ? await open({
            stopRequested: () => requested !== undefined,
            useLogger: (l) => {
              logger = l;
            },
          })
        : undefined;
    if (service && requested === undefined) await service.start();
  } catch (error) {
    reportStartupError(error);
    for (const [signal, handler] of handlers) proc.off(signal, handler);
    await service?.stop().catch(() => undefined);
    proc.fail();
    return;
  }
  starting = false;
  if (requested !== undefined) stop();
}
