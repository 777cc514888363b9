/** The signals that stop a start command (serve-until-signal.ts). */
export type StopSignal = 'SIGTERM' | 'SIGINT';
const SIGNALS: readonly StopSignal[] = ['SIGTERM', 'SIGINT'];

let held: StopSignal | undefined;
let holding: (readonly [StopSignal, () => void])[] = [];

/**
 * Holds SIGTERM and SIGINT while the command line loads (its modules take a moment, seconds on a busy machine): the
 * first one is kept instead of ending the process, for the command to take once it runs. Imports nothing, so that
 * the entry point holds the signals before loading anything else.
 */
export function holdStopSignals(): void {
  if (holding.length > 0) return;
  holding = SIGNALS.map((signal) => {
    const keep = () => {
      held ??= signal;
    };
    process.on(signal, keep);
    return [signal, keep] as const;
  });
}

function unhold(): StopSignal | undefined {
  for (const [signal, keep] of holding) process.off(signal, keep);
  holding = [];
  const signal = held;
  held = undefined;
  return signal;
}

/** For a start command, once its own handlers are on: the signal that came while the command line loaded, if any. */
export function takeHeldStopSignal(): StopSignal | undefined {
  return unhold();
}

/** For every other command: the signals act as they would have without the hold; one that came already ends the process now. */
export function releaseStopSignals(): void {
  const signal = unhold();
  if (signal) process.kill(process.pid, signal);
}
