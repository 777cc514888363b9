import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import { ConnectorError } from '../../../core/index.js';
import type { RouteDef } from '../../http/route-def.js';
import { transferDataRoute, type TransferDataDeps } from './transfer-data-route.js';

/** No inline script or style, nothing from another origin, never framed. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** `dist/console/`, seen from this file whether it runs compiled (dist/connector/…) or from source (connector/…). */
export function builtConsoleFolder(): string {
  const up = fileURLToPath(new URL('../../../', import.meta.url));
  return basename(up) === 'dist' ? join(up, 'console') : join(up, 'dist', 'console');
}

/**
 * The web console: its static files (public, like the API reference page; every data call they make needs the API
 * key) and the one management route it needs besides the documented API, a preview of a transfer's data.
 */
export function consoleRoutes(deps: TransferDataDeps & { folder?: string }): RouteDef[] {
  const folder = deps.folder ?? builtConsoleFolder();
  // Read once: only files that exist at start are served, so no request can name a path outside the folder.
  const files = new Map<string, Buffer>();
  if (existsSync(folder)) for (const name of readdirSync(folder)) if (TYPES[extname(name)]) files.set(name, readFileSync(join(folder, name)));
  const send = (name: string, res: Response) => {
    const body = files.get(name);
    if (!body) throw new ConnectorError('NOT_FOUND', { detail: files.size === 0 ? 'the console is not built (run npm run build)' : `no console file ${name}` });
    res.set('Content-Security-Policy', CONSOLE_CSP).set('X-Frame-Options', 'DENY').set('Referrer-Policy', 'no-referrer');
    res.type(TYPES[extname(name)] ?? 'application/octet-stream').send(body);
  };
  return [
    { method: 'get', path: '/console', public: true, handler: (_req: Request, res: Response) => send('index.html', res) },
    { method: 'get', path: '/console/{file}', public: true, handler: (req: Request, res: Response) => send(String(req.params.file), res) },
    transferDataRoute(deps),
  ];
}
