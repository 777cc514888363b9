import { spawn } from 'node:child_process';
import { ConnectorError } from '../../../core/index.js';
import type { TrainerRequest } from './trainer-protocol.js';

/** Most bytes a trainer may answer (a model of a few million parameters as JSON). */
export const TRAINER_MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * Runs the site's trainer for one request: the program (argv, no shell) gets the request as one JSON line on stdin
 * and answers with one JSON document on stdout, then exits 0. Its environment is `options.env` only (the
 * configuration gives PATH, HOME and the locale), never the connector's settings or secrets. A trainer that exits non-zero, answers something that is not JSON,
 * more than `maxBytes`, or nothing within `timeoutMs` (it is then killed) fails the task (PEER_REJECTED, or
 * PEER_UNAVAILABLE for a timeout); its stderr's last lines are kept for the reason.
 */
export function runTrainer(command: readonly string[], request: TrainerRequest, options: { timeoutMs: number; env: Record<string, string>; maxBytes?: number }): Promise<unknown> {
  const [program, ...args] = command;
  if (!program) return Promise.reject(new ConnectorError('VALIDATION_FAILED', { detail: 'training.localTrainer names no program' }));
  const maxBytes = options.maxBytes ?? TRAINER_MAX_ANSWER_BYTES;
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env: { ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let failed: ConnectorError | undefined;
    const fail = (error: ConnectorError) => {
      failed ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () => fail(new ConnectorError('PEER_UNAVAILABLE', { detail: `the site's trainer gave no answer within ${options.timeoutMs} ms`, retryable: true })),
      options.timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) fail(new ConnectorError('PEER_REJECTED', { detail: `the site's trainer answered more than ${maxBytes} bytes` }));
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-2000);
    });
    child.stdin.on('error', () => undefined); // a trainer that exits without reading: its exit code tells why
    child.on('error', (error) => fail(new ConnectorError('PEER_REJECTED', { detail: `the site's trainer could not be started: ${error.message}` })));
    child.on('close', (code) => {
      clearTimeout(timer);
      if (failed) return reject(failed);
      const why = stderr.trim().split('\n').slice(-3).join(' | ');
      if (code !== 0) return reject(new ConnectorError('PEER_REJECTED', { detail: `the site's trainer exited with ${String(code)}${why ? `: ${why}` : ''}` }));
      try {
        resolve(JSON.parse(Buffer.concat(out).toString('utf8')) as unknown);
      } catch {
        reject(new ConnectorError('PEER_REJECTED', { detail: "the site's trainer answered something that is not JSON" }));
      }
    });
    child.stdin.end(`${JSON.stringify(request)}\n`);
  });
}
