import { describe, expect, it } from 'vitest';
import type { Logger } from '../../core/index.js';
import { offerPublication } from './offer-publication.js';

const quiet = { debug() {}, warn() {} } as unknown as Logger;

/** A publish function the test releases by hand, counting its runs. */
function gate() {
  const runs: (() => void)[] = [];
  return { runs, publish: () => new Promise<number>((resolve) => runs.push(() => resolve(1))) };
}

describe('offer publication', () => {
  it('runs once per change, never two at a time, and once more for changes made during a run', async () => {
    const g = gate();
    const p = offerPublication(g.publish, quiet);
    p.schedule();
    p.schedule();
    p.schedule();
    await Promise.resolve();
    expect(g.runs).toHaveLength(1);
    g.runs[0]?.();
    await new Promise((r) => setImmediate(r));
    expect(g.runs).toHaveLength(2);
    g.runs[1]?.();
    await p.settled();
    expect(g.runs).toHaveLength(2);
  });

  it('survives a failing run (offers are then signed on demand) and stops on request', async () => {
    let calls = 0;
    const p = offerPublication(async (cancelled) => {
      calls++;
      if (calls === 1) throw new Error('store down');
      return cancelled() ? 0 : 1;
    }, quiet);
    p.schedule();
    await p.settled();
    p.schedule();
    await p.settled();
    expect(calls).toBe(2);
    await p.stop();
    p.schedule();
    await p.settled();
    expect(calls).toBe(2);
  });
});
