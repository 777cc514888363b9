import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type RequestHandler } from 'express';
import { absolutePath } from 'swagger-ui-dist';
import { ConnectorError } from '../../../core/index.js';
import type { RouteDef } from '../../http/route-def.js';

/** GET /health, the OpenAPI document and the interactive reference page (Swagger UI from npm, no CDN). */
export function operationsRoutes(deps: { participantId: string; document: Readonly<Record<string, unknown>> }): RouteDef[] {
  const uiRoot = absolutePath();
  const index = readFileSync(join(uiRoot, 'index.html'), 'utf8');
  const initializer = [
    'window.onload = function () {',
    "  window.ui = SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true,",
    '    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout" });',
    '};',
  ].join('\n');
  const statics = express.static(uiRoot, { index: false, fallthrough: true });
  // A file of the Swagger UI folder by its name: a name that reaches elsewhere (`..%2F..%2Fpackage.json` is decoded to
  // `../../package.json`) is refused; a name it lacks is a 404 naming that name (not a path made of it).
  const uiFile: RequestHandler = (req, res, next) => {
    const file = String(req.params.file);
    if (file === 'swagger-initializer.js') {
      res.type('application/javascript').send(initializer);
      return;
    }
    if (/[/\\]|\.\./.test(file))
      throw new ConnectorError('VALIDATION_FAILED', {
        detail: 'the reference page serves files of its own folder by name',
        violations: [{ pointer: '/file', message: "must be a file name: no '/', '\\' or '..'" }],
      });
    const url = req.url;
    req.url = `/${file}`;
    statics(req, res, (error?: unknown) => {
      req.url = url;
      next(error ?? new ConnectorError('NOT_FOUND', { detail: `the reference page has no file ${JSON.stringify(file)}` }));
    });
  };
  return [
    { method: 'get', path: '/health', public: true, handler: (_req, res) => void res.json({ status: 'ok', participantId: deps.participantId }) },
    { method: 'get', path: '/api/v1/openapi.json', public: true, handler: (_req, res) => void res.json(deps.document) },
    {
      method: 'get',
      path: '/api/v1/docs',
      public: true,
      handler: (_req, res) =>
        void res
          .type('html')
          .set('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:")
          .send(index.replace(/(href|src)="(?:\.\/)?(?!https?:|\/)/g, '$1="/api/v1/docs/')),
    },
    { method: 'get', path: '/api/v1/docs/{file}', public: true, handler: uiFile },
  ];
}
