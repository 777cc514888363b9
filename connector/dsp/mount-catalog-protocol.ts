import type { Express } from 'express';
import { transferFormats, type Asset, type AssetStore, type ContractDefinitionStore, type PolicyDefinitionStore } from '../../catalog/index.js';
import type { Clock, Logger } from '../../core/index.js';
import { dataService, type DcatDataset, type DcatPublisher } from '../offers/index.js';
import { createCatalogProvider, type OfferVisibility } from '../offers/index.js';
import { catalogRoutes, type Authenticate } from './catalog-routes.js';
import { routePrefix } from '../http/route-prefix.js';
import { versionRoute, type VersionAuth } from '../peer/version-document.js';

export const DEFAULT_DSP_BASE_PATH = '/api/dsp';

export interface CatalogProtocolDeps {
  participantId: string;
  /** The URL peers reach the public listener at (publicApi.url); a function when it is known only after binding. */
  publicUrl: string | (() => string);
  stores: { assets: AssetStore; policies: PolicyDefinitionStore; contractDefinitions: ContractDefinitionStore };
  /** Verifies the caller (e.g. a DCP token in `Authorization`); throws ConnectorError UNAUTHORIZED. */
  authenticate: Authenticate;
  /** Access policy check, scope `catalog`. */
  isOfferVisible: OfferVisibility;
  logger: Logger;
  /** DSP base path on the public listener; default `/api/dsp`. */
  basePath?: string;
  /** Largest CatalogRequestMessage body; default 64 KiB. */
  bodyLimitBytes?: number;
  /** Datasets (assets) per page when the request names no limit; default 50. */
  pageSize?: number;
  /** Largest `limit` a requester may ask for; default 500. */
  maxPageSize?: number;
  /** Transfer formats per asset; default transferFormats (those the transfer side serves for its data-address type). */
  formatsFor?: (asset: Asset) => readonly string[];
  /** `auth` member of the version document, when the identity layer wants to announce one. */
  versionAuth?: VersionAuth;
  /** Cache contract definitions and policies for `ttlMs` between requests (default: no cache). */
  cache?: { clock: Clock; ttlMs: number };
  /** Adds each offer's credential to the datasets served (see OfferAttestor). */
  attest?: (datasets: DcatDataset[]) => Promise<DcatDataset[]>;
}

export interface CatalogProtocolHandle {
  /** Drops cached definitions and policies; call after a management write to either. */
  invalidate(): void;
  /** Attests every offer of the catalog now (signs those whose content is new) and keeps the finished datasets; the number of offers. */
  publish(cancelled?: () => boolean): Promise<number>;
}

const PUBLISH_PAGE = 200;

/** `/api/dsp/` → `/api/dsp`; always one leading slash. */
export function normaliseBasePath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * Mounts the DSP 2025-1 catalog protocol on the public listener: `GET /.well-known/dspace-version` (no
 * authentication) and, under the base path, `POST /catalog/request` and `GET /catalog/datasets/{id}`.
 */
export function mountCatalogProtocol(app: Express, deps: CatalogProtocolDeps): CatalogProtocolHandle {
  const basePath = normaliseBasePath(deps.basePath ?? DEFAULT_DSP_BASE_PATH);
  const publicUrl = deps.publicUrl;
  const endpointUrl = () => `${(typeof publicUrl === 'string' ? publicUrl : publicUrl()).replace(/\/+$/, '')}${basePath}`;
  const serviceId = `${deps.participantId}#dsp`;
  const formatsFor = deps.formatsFor ?? transferFormats;
  const publisher = (): DcatPublisher => ({ participantId: deps.participantId, service: dataService(serviceId, endpointUrl()), formatsFor });
  const provider = createCatalogProvider({
    ...deps.stores,
    isOfferVisible: deps.isOfferVisible,
    publisher,
    logger: deps.logger,
    ...(deps.cache ? { cache: deps.cache } : {}),
    ...(deps.attest ? { attest: deps.attest } : {}),
  });
  app.get('/.well-known/dspace-version', versionRoute({ basePath, serviceId, participantId: deps.participantId, auth: deps.versionAuth }));
  app.use(
    `${basePath}/catalog`,
    routePrefix(`${basePath}/catalog`),
    catalogRoutes({
      provider,
      authenticate: deps.authenticate,
      publisher,
      catalogId: `${deps.participantId}#catalog`,
      requestUrl: () => `${endpointUrl()}/catalog/request`,
      limits: { defaultLimit: deps.pageSize ?? 50, maxLimit: deps.maxPageSize ?? 500 },
      bodyLimitBytes: deps.bodyLimitBytes ?? 64 * 1024,
      logger: deps.logger,
    }),
  );
  return {
    invalidate: () => provider.invalidate(),
    async publish(cancelled = () => false) {
      if (!deps.attest) return 0;
      let offers = 0;
      for (let offset = 0; ; offset += PUBLISH_PAGE) {
        const page = await provider.publish({ offset, limit: PUBLISH_PAGE });
        offers += page.datasets.reduce((n, d) => n + d.hasPolicy.length, 0);
        if (offset + PUBLISH_PAGE >= page.total || cancelled()) return offers;
      }
    },
  };
}
