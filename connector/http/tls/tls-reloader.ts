import { statSync } from 'node:fs';
import type { SecureContextOptions, Server as TlsServer } from 'node:tls';
import type { Logger } from '../../../core/index.js';
import { readTlsMaterial, tlsFilePaths, type TlsFiles } from './tls-material.js';

export interface TlsReloader {
  /** Looks at the files once: when any changed (size, time or inode) and the new set is valid, new connections get it. */
  check(): 'unchanged' | 'reloaded' | 'refused';
  /** Checks every `intervalMs` (0: never) until `stop`. */
  start(intervalMs: number): void;
  stop(): void;
}

/**
 * Serves renewed certificates without a restart: the files are compared by a periodic stat (fs.watch misses a
 * file replaced by rename, as certificate tools and Kubernetes secrets do), and a changed set that reads and
 * matches is given to every server with `setSecureContext`. A half-written or broken set is refused and logged;
 * the old certificate stays until the files change again.
 */
export function createTlsReloader(
  tls: TlsFiles,
  servers: readonly TlsServer[],
  logger: Pick<Logger, 'info' | 'warn'>,
  read: (tls: TlsFiles) => SecureContextOptions = readTlsMaterial,
): TlsReloader {
  const paths = tlsFilePaths(tls);
  let seen = signature(paths);
  let timer: NodeJS.Timeout | undefined;
  const reloader: TlsReloader = {
    check() {
      const now = signature(paths);
      if (now === seen) return 'unchanged';
      seen = now;
      try {
        const options = read(tls);
        for (const server of servers) server.setSecureContext(options);
        logger.info({ files: paths }, 'TLS certificate reloaded');
        return 'reloaded';
      } catch (error) {
        logger.warn({ files: paths, reason: (error as Error).message }, 'TLS certificate files changed but cannot be used; the previous certificate is still served');
        return 'refused';
      }
    },
    start(intervalMs) {
      if (intervalMs <= 0 || paths.length === 0) return;
      timer = setInterval(() => reloader.check(), intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
  return reloader;
}

function signature(paths: readonly string[]): string {
  return paths
    .map((path) => {
      try {
        const s = statSync(path);
        return `${s.ino}:${s.size}:${s.mtimeMs}`;
      } catch {
        return 'missing';
      }
    })
    .join('|');
}
