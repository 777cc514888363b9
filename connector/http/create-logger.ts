import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';
import { CONFIG_SCHEMA } from '../config/config-schema.js';

/** Every setting the configuration schema flags as secret, at its dotted key, alone or under `config`. */
const CONFIG_SECRET_PATHS = CONFIG_SCHEMA.filter((s) => s.secret).flatMap((s) => [s.key, `config.${s.key}`]);

/** Paths that may carry secrets anywhere in a log object: always censored. */
export const REDACT_PATHS = [
  'apiKey',
  '*.apiKey',
  ...CONFIG_SECRET_PATHS,
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers["x-api-key"]',
  'headers.authorization',
  'token',
  '*.token',
  'secretKey',
  '*.secretKey',
  'privateKey',
  '*.privateKey',
  'password',
  '*.password',
  'tokenSecret',
  '*.tokenSecret',
  'artifactKek',
  '*.artifactKek',
];

/** The process logger: JSON lines on standard output (or the given stream), secrets redacted. */
export function createLogger(level: string, destination?: DestinationStream): PinoLogger {
  const options = { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'kontor' } };
  return destination ? pino(options, destination) : pino(options);
}
