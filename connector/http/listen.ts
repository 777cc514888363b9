import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import type { SecureContextOptions } from 'node:tls';
import { answerClientError } from './client-error.js';

export interface Listening {
  server: Server | HttpsServer;
  port: number;
  url: string;
  /** Stops accepting, lets in-flight requests finish for up to `graceMs`, then cuts what is left. */
  close(graceMs: number): Promise<void>;
}

/**
 * Starts an HTTP server for `app` on host:port (port 0 picks a free one); HTTPS with `secure` (a certificate and key).
 * A request Node refuses before `app` sees it (headers too large, broken HTTP) gets a problem+json answer whose `type`
 * starts with `problemTypeBase` (managementApi.problemTypeBase; `about:blank` when none is given).
 */
export function listen(app: RequestListener, host: string, port: number, secure?: SecureContextOptions, problemTypeBase?: string): Promise<Listening> {
  const server = secure ? createHttpsServer(secure, app) : createServer(app);
  server.on('clientError', answerClientError(problemTypeBase));
  server.headersTimeout = 20_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = (server.address() as AddressInfo).port;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({
        server,
        port: actual,
        url: `${secure ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${actual}`,
        close: (graceMs) => closeGracefully(server, graceMs),
      });
    });
  });
}

function closeGracefully(server: Server | HttpsServer, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
