import { Router, type RequestHandler } from 'express';
import type { Logger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { jsonBody } from '../http/json-body.js';
import { catalogJson, DSP_CONTEXT, type DcatPublisher, type RootDataset } from '../offers/index.js';
import { parseCatalogFilter } from '../offers/index.js';
import type { CatalogProvider } from '../offers/index.js';
import { catalogErrorHandler, catalogRouteFallback } from './catalog-error-response.js';
import { checkDspMessage } from '../offers/index.js';
import { catalogPageLinks, parsePageQuery, type PageLimits } from '../offers/index.js';

export type Authenticate = (req: Parameters<RequestHandler>[0]) => Promise<ParticipantAgent>;

export interface CatalogRoutesOptions {
  provider: CatalogProvider;
  authenticate: Authenticate;
  publisher: () => DcatPublisher;
  catalogId: string;
  /** Absolute URL of `<base>/catalog/request`, for pagination links. */
  requestUrl: () => string;
  limits: PageLimits;
  bodyLimitBytes: number;
  logger: Logger;
}

interface CatalogRequestMessage {
  filter?: unknown[];
}

/** The DSP catalog binding under `<base>/catalog` (DSP 2025-1, catalog HTTPS binding); every error is a CatalogError. */
export function catalogRoutes(options: CatalogRoutesOptions): Router {
  const router = Router({ strict: false, caseSensitive: true });
  const authenticated: RequestHandler = async (req, res, next) => {
    res.locals.agent = await options.authenticate(req);
    next();
  };
  const agentOf = (locals: Record<string, unknown>) => locals.agent as ParticipantAgent;

  router.post('/request', authenticated, ...jsonBody(options.bodyLimitBytes), async (req, res) => {
    const page = parsePageQuery(req.query, options.limits);
    const message = checkDspMessage<CatalogRequestMessage>('CatalogRequestMessage', req.body);
    const filter = parseCatalogFilter(message.filter);
    const result = await options.provider.datasets(agentOf(res.locals), filter, page);
    const links = catalogPageLinks(options.requestUrl(), page.limit, result);
    if (links) res.set('Link', links);
    const datasets = result.datasets.map((d) => options.provider.json(d));
    res.type('application/json').send(catalogJson(options.catalogId, datasets, options.publisher()));
  });

  router.get('/datasets/:id', authenticated, async (req, res) => {
    const dataset = await options.provider.dataset(agentOf(res.locals), String(req.params.id));
    const body: RootDataset = { '@context': [DSP_CONTEXT], ...dataset };
    res.json(body);
  });

  router.use(catalogRouteFallback({ '/request/?': ['POST'], '/datasets/[^/]+/?': ['GET'] }));
  router.use(catalogErrorHandler(options.logger));
  return router;
}
