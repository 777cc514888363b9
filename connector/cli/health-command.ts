import { loadConfig } from '../config/load-config.js';
import { trustProcessWide } from '../http/tls/process-trust.js';
import { trustedCas } from '../http/tls/trusted-cas.js';
import { fetchFailure } from '../http/fetch-failure.js';
import { reportStartupError } from './report-startup-error.js';

/**
 * `kontor health [--ready]`: asks the management listener of this configuration (on loopback when it listens on
 * every interface) for GET /health/live or /health/ready; exit 0 when it answers 200, else 1 with the answer, or with
 * the URL it asked and why nothing answered (a refused connection, a certificate, a timeout).
 * For container health checks: the image has no curl.
 */
export async function healthCommand(configFile: string | undefined, ready: boolean): Promise<void> {
  let url: string;
  try {
    const config = loadConfig({ file: configFile });
    const host = ['0.0.0.0', '::'].includes(config.managementApi.host) ? '127.0.0.1' : config.managementApi.host;
    trustProcessWide(trustedCas(config.tls.caFile)); // an HTTPS management listener (tls.management)
    url = `${config.tls.management ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${config.managementApi.port}/health/${ready ? 'ready' : 'live'}`;
  } catch (error) {
    reportStartupError(error, 'kontor health');
    process.exitCode = 1;
    return;
  }
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
    const body = await res.text();
    (res.ok ? process.stdout : process.stderr).write(`${url}: ${res.status} ${body}\n`);
    process.exitCode = res.ok ? 0 : 1;
  } catch (error) {
    process.stderr.write(`kontor health: no answer from the management listener: ${url}: ${fetchFailure(error)}\n`);
    process.exitCode = 1;
  }
}
