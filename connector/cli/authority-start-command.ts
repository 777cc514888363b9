import { createAuthority, type Authority } from '../authority-app.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../http/create-logger.js';
import { checkKeyFilePath } from './key-file-check.js';
import { reportStartupError } from './report-startup-error.js';

/** `kontor authority start`: run the data space's authority until SIGTERM/SIGINT, then drain and exit 0. */
export async function authorityStartCommand(configFile: string | undefined): Promise<void> {
  let authority: Authority | undefined;
  try {
    const config = loadConfig({ file: configFile, role: 'authority' });
    await checkKeyFilePath(config.identity.keyFile); // named here: the identity opening it would say only EISDIR
    authority = await createAuthority(config, { logger: createLogger(config.log.level) });
    await authority.start();
  } catch (error) {
    reportStartupError(error);
    await authority?.stop().catch(() => undefined);
    process.exitCode = 1;
    return;
  }
  const running = authority;
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
