import type { Violation } from '../../core/index.js';

/** Two settings where one may not exceed the other, and why. */
interface OrderedPair {
  smaller: string;
  larger: string;
  why: string;
  /** Only when this holds (the settings are read at all). */
  when?: (get: <T>(key: string) => T) => boolean;
}

const PAIRS: readonly OrderedPair[] = [
  { smaller: 'dsp.catalogPageSize', larger: 'dsp.catalogMaxPageSize', why: 'the page size given when a requester names none is above the largest page one may ask for' },
  {
    smaller: 'store.busyTimeoutMs',
    larger: 'store.lockWaitMs',
    why: 'the blocking wait of one attempt is longer than the whole lock wait it is part of',
    when: (get) => get('store.kind') === 'sqlite',
  },
];

/** Refuses each pair whose smaller setting is above the larger one, naming both and their values. */
export function checkOrderedSettings(get: <T>(key: string) => T, problems: Violation[]): void {
  for (const { smaller, larger, why, when } of PAIRS) {
    if (when && !when(get)) continue;
    const [a, b] = [get<number>(smaller), get<number>(larger)];
    if (a > b) problems.push({ pointer: smaller, message: `${a} is above ${larger} (${b}): ${why}` });
  }
}
