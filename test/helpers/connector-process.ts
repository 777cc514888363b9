import { spawn, type ChildProcess } from 'node:child_process';

export const CLI = new URL('../../dist/connector/cli/kontor.js', import.meta.url).pathname;

export interface ConnectorProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Runs the built CLI with the given arguments and environment only (no inherited KONTOR_* settings). */
export function runCli(args: string[], env: Record<string, string>): ConnectorProcess {
  const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits until the process prints `text` on stdout (or fails when it exits first or the time runs out). */
export function waitForOutput(p: ConnectorProcess, text: string, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${text}"; stderr: ${p.stderr()}`)), timeoutMs);
    const check = () => {
      if (p.stdout().includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    p.child.stdout?.on('data', check);
    void p.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before "${text}"; stderr: ${p.stderr()}`));
    });
    check();
  });
}

/** A port that was free a moment ago (the demo's helper). */
export { freePort } from '../../examples/demo/demo-data-space.js';
