import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServiceProcess } from './serve-until-signal.js';
import { startCommand } from './start-command.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-start-signal-'));
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** Review item 6, through `kontor start` itself: its signal handlers are there before anything is opened. */
describe('kontor start stopped during start-up', () => {
  it('should take a SIGTERM sent while it checks the key file, open no store and exit 0', async () => {
    const env = { KONTOR_API_KEY: 'k3y-0123456789abcdefXYZ', KONTOR_IDENTITY_KIND: 'dev', KONTOR_MANAGEMENT_PORT: '0', KONTOR_PUBLIC_PORT: '0' };
    for (const [name, value] of Object.entries({
      ...env,
      KONTOR_PUBLIC_URL: 'http://127.0.0.1:9',
      KONTOR_STORE_PATH: join(dir, 'kontor.db'),
      KONTOR_KEY_FILE: join(dir, 'keys.json'),
    }))
      vi.stubEnv(name, value);
    const listeners: (() => void)[] = [];
    const said: string[] = [];
    let exited: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => {
      exited = resolve;
    });
    const proc: ServiceProcess = {
      on: (signal, listener) => signal === 'SIGTERM' && listeners.push(listener),
      off: () => undefined,
      exit: (code) => exited(code),
      say: (line) => void said.push(line),
      fail: () => exited(1),
    };
    const run = startCommand(undefined, proc);
    for (const listener of listeners) listener(); // the key file check is under way
    await run;
    expect(await exit).toBe(0);
    expect(said).toEqual(['kontor: SIGTERM received: stop requested during start-up; stopping once the current step is done']);
    expect(existsSync(join(dir, 'kontor.db'))).toBe(false);
  });
});
