import { pino, type Logger } from 'pino';

/** A pino logger at `info` that keeps its lines, for tests that assert on what a connector logged. */
export function capturingLogger(): { logger: Logger; lines: { level: number; msg?: string }[] } {
  const lines: { level: number; msg?: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as { level: number; msg?: string }) });
  return { logger, lines };
}

/** pino's level number for `error`: a line at this level or above means something failed inside. */
export const ERROR_LEVEL = 50;
