import { systemClock, toIso, type Clock } from '../../core/index.js';

/** The system clock moved by `offsetMs` (settable at any time): a node whose clock runs ahead or behind. Time still flows, so loops and timers keep working. */
export class ShiftedClock implements Clock {
  constructor(public offsetMs = 0) {}
  now(): number {
    return systemClock.now() + this.offsetMs;
  }
  isoNow(): string {
    return toIso(this.now());
  }
}
