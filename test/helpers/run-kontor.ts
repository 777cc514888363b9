import { vi } from 'vitest';
import { kontorProgram } from '../../connector/cli/kontor-program.js';

/**
 * Runs a `kontor` command in process with these environment variables (undefined: unset), as the command line would: what it wrote to
 * stdout and stderr and its exit code (process.exitCode, restored after). Nothing is spawned.
 */
export async function runKontor(args: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<{ exitCode: number; out: string; err: string }> {
  let [out, err] = ['', ''];
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    await kontorProgram({ exitOverride: true }).parseAsync(['node', 'kontor', ...args]);
    return { exitCode: Number(process.exitCode ?? 0), out, err };
  } finally {
    process.exitCode = undefined;
    stdout.mockRestore();
    stderr.mockRestore();
    vi.unstubAllEnvs();
  }
}
