import { isConnectorError } from '../../core/index.js';
import { loadConfig } from '../config/load-config.js';
import { trustProcessWide } from '../http/tls/process-trust.js';
import { trustedCas } from '../http/tls/trusted-cas.js';
import { reportStartupError } from './report-startup-error.js';

/**
 * `kontor health [--ready]`: asks the management listener of this configuration (on loopback when it listens on
 * every interface) for GET /health/live or /health/ready; exit 0 when it answers 200, else 1 with the answer.
 * For container health checks: the image has no curl.
 */
export async function healthCommand(configFile: string | undefined, ready: boolean): Promise<void> {
  try {
    const config = loadConfig({ file: configFile });
    const host = ['0.0.0.0', '::'].includes(config.managementApi.host) ? '127.0.0.1' : config.managementApi.host;
    trustProcessWide(trustedCas(config.tls.caFile)); // an HTTPS management listener (tls.management)
    const url = `${config.tls.management ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${config.managementApi.port}/health/${ready ? 'ready' : 'live'}`;
    const res = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
    const body = await res.text();
    (res.ok ? process.stdout : process.stderr).write(`${url}: ${res.status} ${body}\n`);
    process.exitCode = res.ok ? 0 : 1;
  } catch (error) {
    if (isConnectorError(error)) reportStartupError(error);
    else process.stderr.write(`kontor: no answer from the management listener: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
