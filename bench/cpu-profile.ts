import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { CpuProfile } from './governed-training.js';

/** A V8 CPU profile of the main thread between start() and stop(), written to `file` (open it in Chrome DevTools). */
export function cpuProfile(file: string): CpuProfile {
  const session = new Session();
  return {
    async start() {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    },
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
