import { describe, expect, it } from 'vitest';
import { DataFlowRegistry } from './data-flow-registry.js';

describe('DataFlowRegistry', () => {
  it('should abort every flow of a transfer at once and forget finished ones', () => {
    const r = new DataFlowRegistry();
    const a = r.track('t1');
    const b = r.track('t1');
    const other = r.track('t2');
    b.done();
    expect(r.active('t1')).toBe(1);
    r.cut('t1', 'suspended');
    expect(a.signal.aborted).toBe(true);
    expect(String((a.signal.reason as Error).message)).toBe('suspended');
    expect(b.signal.aborted).toBe(false);
    expect(other.signal.aborted).toBe(false);
    expect(r.active()).toBe(1);
    r.cut('none');
  });
});
