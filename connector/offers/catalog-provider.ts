import type { Asset, AssetFilter, AssetStore, ContractDefinition, ContractDefinitionStore, PolicyDefinition, PolicyDefinitionStore } from '../../catalog/index.js';
import { ConnectorError, type Clock, type Logger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { DefinitionIndex, toDcatDataset, type DcatDataset, type DcatPublisher, type OfferSource } from './catalog-imports.js';
import { listAll } from './list-all.js';
import type { PageRequest } from './pagination.js';

/** Whether the access policy of a contract definition lets this participant see its offers (scope `catalog`). */
export type OfferVisibility = (accessPolicy: PolicyDefinition, agent: ParticipantAgent) => boolean;

export interface CatalogProviderDeps {
  assets: AssetStore;
  policies: PolicyDefinitionStore;
  contractDefinitions: ContractDefinitionStore;
  isOfferVisible: OfferVisibility;
  /** Read per request: the public URL may only be known once the listener is bound. */
  publisher: () => DcatPublisher;
  logger: Logger;
  /**
   * Keep definitions and policies in memory for `ttlMs` (default: read them on every request). `invalidate()`
   * drops them at once, e.g. after a management write. Access policies are still evaluated on every request.
   */
  cache?: { clock: Clock; ttlMs: number };
  /** Adds what the page should carry besides the offers, e.g. each offer's credential (applied to every answer). */
  attest?: (datasets: DcatDataset[]) => Promise<DcatDataset[]>;
}

interface OfferTerms {
  definitions: ContractDefinition[];
  policies: Map<string, PolicyDefinition>;
  /** The existing access policies that offerable definitions name, each once. */
  accessPolicies: PolicyDefinition[];
  /** Visible offers by the set of access policies that passed: built once per set while these terms live. */
  views: Map<string, VisibleOffers>;
}

/** Distinct sets of passing access policies remembered per terms (requesters mostly fall into a few groups). */
const MAX_VIEWS = 64;

export interface DatasetPage {
  datasets: DcatDataset[];
  /** Assets matching the filter (the space the page moves over); 0 when nothing at all is visible. */
  total: number;
}

/** The offers one participant may see: visible definitions indexed by selector, with their contract policies. */
interface VisibleOffers {
  index: DefinitionIndex;
  contractPolicies: Map<string, PolicyDefinition>;
  empty: boolean;
}

/**
 * Builds what a requester sees of the catalog. Definitions and policies are read once per request (a few chunked
 * queries, never one per definition); each access policy is evaluated once per request; assets are paged in SQL.
 * While the terms are cached, the index of visible definitions is built once per set of passing access policies.
 * A page moves over assets, so it can hold fewer datasets than its limit: assets nobody offers to this requester
 * are left out. Failing or throwing access checks count as "not visible" (fail closed).
 */
export function createCatalogProvider(deps: CatalogProviderDeps) {
  let cached: (OfferTerms & { at: number }) | undefined;

  async function offerTerms(): Promise<OfferTerms> {
    const cache = deps.cache;
    if (cache && cached && cache.clock.now() - cached.at < cache.ttlMs) return cached;
    const [definitions, policies] = await Promise.all([listAll(deps.contractDefinitions, {}), listAll(deps.policies, {})]);
    const byId = new Map(policies.map((p) => [p.id, p]));
    const offerable = definitions.filter((d) => byId.has(d.accessPolicyId) && byId.has(d.contractPolicyId));
    const accessPolicies = [...new Set(offerable.map((d) => d.accessPolicyId))].map((id) => byId.get(id) as PolicyDefinition);
    const terms: OfferTerms = { definitions: offerable, policies: byId, accessPolicies, views: new Map() };
    if (cache && cache.ttlMs > 0) cached = { ...terms, at: cache.clock.now() };
    return terms;
  }

  async function visibleOffers(agent: ParticipantAgent): Promise<VisibleOffers> {
    const terms = await offerTerms();
    const visible = (policy: PolicyDefinition): boolean => {
      try {
        return deps.isOfferVisible(policy, agent) === true;
      } catch (error) {
        deps.logger.warn({ err: error, policyId: policy.id }, 'access policy evaluation failed; offers hidden');
        return false;
      }
    };
    const passed = terms.accessPolicies.filter(visible).map((p) => p.id);
    const key = passed.join('\n');
    let view = terms.views.get(key);
    if (!view) {
      const allowed = new Set(passed);
      const shown = terms.definitions.filter((d: ContractDefinition) => allowed.has(d.accessPolicyId));
      view = { index: new DefinitionIndex(shown), contractPolicies: terms.policies, empty: shown.length === 0 };
      if (terms.views.size < MAX_VIEWS) terms.views.set(key, view);
    }
    return view;
  }

  function datasetFor(asset: Asset, offers: VisibleOffers): DcatDataset | undefined {
    const sources: OfferSource[] = offers.index.selecting(asset).flatMap((definition) => {
      const contractPolicy = offers.contractPolicies.get(definition.contractPolicyId);
      return contractPolicy ? [{ definition, contractPolicy }] : [];
    });
    if (sources.length === 0) return undefined;
    const built = toDcatDataset(asset, sources, deps.publisher());
    if (built.problems.length > 0) deps.logger.warn({ assetId: asset.id, problems: built.problems }, 'offers left out of the catalog');
    return built.dataset;
  }

  return {
    /** Forget cached definitions and policies (call after they change). */
    invalidate(): void {
      cached = undefined;
    },

    async datasets(agent: ParticipantAgent, filter: AssetFilter, page: PageRequest): Promise<DatasetPage> {
      const offers = await visibleOffers(agent);
      if (offers.empty) return { datasets: [], total: 0 };
      const assets = await deps.assets.list({ offset: page.offset, limit: page.limit, filter });
      const datasets = assets.items.flatMap((asset) => datasetFor(asset, offers) ?? []);
      return { datasets: deps.attest ? await deps.attest(datasets) : datasets, total: assets.total };
    },

    /** Every offer of a page of assets, whoever may see it (for signing offers when they are published), unattested. */
    async everyDataset(page: PageRequest): Promise<DatasetPage> {
      const terms = await offerTerms();
      const all: VisibleOffers = { index: new DefinitionIndex(terms.definitions), contractPolicies: terms.policies, empty: terms.definitions.length === 0 };
      if (all.empty) return { datasets: [], total: 0 };
      const assets = await deps.assets.list({ offset: page.offset, limit: page.limit, filter: {} });
      return { datasets: assets.items.flatMap((asset) => datasetFor(asset, all) ?? []), total: assets.total };
    },

    /** One dataset; NOT_FOUND both when the asset does not exist and when this requester may not see it. */
    async dataset(agent: ParticipantAgent, id: string): Promise<DcatDataset> {
      const asset = await deps.assets.findById(id);
      const dataset = asset ? datasetFor(asset, await visibleOffers(agent)) : undefined;
      if (!dataset) throw new ConnectorError('NOT_FOUND', { detail: `dataset '${id}' does not exist` });
      return deps.attest ? ((await deps.attest([dataset]))[0] ?? dataset) : dataset;
    },
  };
}

export type CatalogProvider = ReturnType<typeof createCatalogProvider>;
