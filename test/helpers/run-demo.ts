import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The README's main job, as a user runs it: the built demo in its own process (npm test builds dist/ first). */
export const DEMO = join(process.cwd(), 'dist', 'examples', 'demo', 'run-demo.js');

export type DemoRun<R> = { code: number | null; stdout: string; stderr: string; report?: R };

/** Runs the built demo with `args` and a report file in `dir`; resolves when the process exits (the report when it exits 0). */
export function runDemo<R>(dir: string, args: string[]): Promise<DemoRun<R>> {
  const file = join(dir, `report-${args.join('-').replace(/[^a-z0-9-]/gi, '')}.json`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DEMO, ...args, '--report', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, stdout, stderr, ...(code === 0 ? { report: JSON.parse(readFileSync(file, 'utf8')) as R } : {}) }));
  });
}
