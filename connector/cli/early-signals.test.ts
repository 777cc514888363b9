import { afterEach, describe, expect, it, vi } from 'vitest';
import { holdStopSignals, releaseStopSignals, takeHeldStopSignal } from './early-signals.js';

const count = () => process.listenerCount('SIGTERM') + process.listenerCount('SIGINT');
afterEach(() => {
  takeHeldStopSignal();
  vi.restoreAllMocks();
});

/** Review item 6: a SIGTERM while `kontor` loaded its modules (seconds on a busy machine) ended `kontor start` with 143. */
describe('signals held while the command line loads', () => {
  it('should keep the first signal for the start command, and give the process its handlers back', () => {
    const before = count();
    holdStopSignals();
    expect(count()).toBe(before + 2);
    process.emit('SIGINT');
    process.emit('SIGTERM');
    expect(takeHeldStopSignal()).toBe('SIGINT');
    expect(count()).toBe(before);
    expect(takeHeldStopSignal()).toBeUndefined();
  });

  it('should let the signal end any other command as it would have (sent again once the hold is off)', () => {
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true);
    holdStopSignals();
    process.emit('SIGTERM');
    releaseStopSignals();
    expect(kill).toHaveBeenCalledWith(process.pid, 'SIGTERM');
    kill.mockClear();
    holdStopSignals();
    releaseStopSignals();
    expect(kill).not.toHaveBeenCalled();
  });
});
