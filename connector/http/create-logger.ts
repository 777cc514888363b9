import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

/** Paths that may carry secrets anywhere in a log object: always censored. */
export const REDACT_PATHS = [
  'apiKey', '*.apiKey', 'managementApi.apiKey', 'config.managementApi.apiKey', 'store.url', 'config.store.url',
  'req.headers["x-api-key"]', 'req.headers.authorization', 'req.headers.cookie', 'headers["x-api-key"]', 'headers.authorization',
  'token', '*.token', 'secretKey', '*.secretKey', 'privateKey', '*.privateKey', 'password', '*.password',
];

/** The process logger: JSON lines on standard output (or the given stream), secrets redacted. */
export function createLogger(level: string, destination?: DestinationStream): PinoLogger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'kontor' } };
  return destination ? pino(options, destination) : pino(options);
}
