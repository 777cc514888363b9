import type { Asset, AssetFilter, AssetStore, ContractDefinition, ContractDefinitionStore, PolicyDefinition, PolicyDefinitionStore } from '../../catalog/index.js';
import { ConnectorError, type Clock, type Logger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { DefinitionIndex, toDcatDataset, type DcatDataset, type DcatPublisher, type OfferSource } from './catalog-imports.js';
import { DatasetCache, type CachedDataset } from './dataset-cache.js';
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
  /** Finished datasets kept in memory (see DatasetCache; default 20,000). */
  datasetCacheSize?: number;
  /** Assets read per query while looking for the visible ones of a page (default 500). */
  scanChunk?: number;
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

/**
 * A page of what one requester may see. It tells whether more visible datasets follow and nothing else about the
 * catalog: no count, so assets hidden from the requester cannot be counted or probed with filters.
 */
export interface DatasetPage {
  datasets: DcatDataset[];
  /** Whether at least one more dataset this requester may see follows the page. */
  more: boolean;
}

/** A page of the publication (every offer, no requester): `total` is the number of assets, for the publisher's loop. */
export interface PublishedPage {
  datasets: DcatDataset[];
  total: number;
}

/** The offers one participant may see: visible definitions indexed by selector, with their contract policies. */
interface VisibleOffers {
  index: DefinitionIndex;
  contractPolicies: Map<string, PolicyDefinition>;
  empty: boolean;
  /** A visible definition selects every asset (empty selector): every asset is visible, so SQL can page. */
  everything: boolean;
}

/**
 * Builds what a requester sees of the catalog. Definitions and policies are read once per request (a few chunked
 * queries, never one per definition); each access policy is evaluated once per request; assets are paged in SQL.
 * While the terms are cached, the index of visible definitions is built once per set of passing access policies.
 * Finished datasets (offers with their credentials) come from a DatasetCache keyed by everything they are built
 * from, which the publication fills: a page after a change builds and attests only the datasets that changed.
 * A page moves over the datasets this requester may see (offset and limit count only those), and says only whether
 * more follow: assets hidden from the requester leave no trace in it (no count, no gap, no `next` link).
 * Failing or throwing access checks count as "not visible" (fail closed).
 */
export function createCatalogProvider(deps: CatalogProviderDeps) {
  let cached: (OfferTerms & { at: number }) | undefined;
  const datasets = new DatasetCache(deps.datasetCacheSize);
  /** The JSON text of each finished dataset, made once while the dataset is kept. */
  const texts = new WeakMap<DcatDataset, string>();

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

  /** The offers `agent` may see; `everyone`: every offer, no access policy evaluated (publication only). */
  async function visibleOffers(agent: ParticipantAgent | 'everyone'): Promise<VisibleOffers> {
    const terms = await offerTerms();
    const visible = (policy: PolicyDefinition): boolean => {
      if (agent === 'everyone') return true;
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
      const everything = shown.some((d) => d.assetsSelector.length === 0);
      view = { index: new DefinitionIndex(shown), contractPolicies: terms.policies, empty: shown.length === 0, everything };
      if (terms.views.size < MAX_VIEWS) terms.views.set(key, view);
    }
    return view;
  }

  function sourcesFor(asset: Asset, offers: VisibleOffers): OfferSource[] {
    return offers.index.selecting(asset).flatMap((definition) => {
      const contractPolicy = offers.contractPolicies.get(definition.contractPolicyId);
      return contractPolicy ? [{ definition, contractPolicy }] : [];
    });
  }

  /**
   * The finished datasets of these assets (offers built, credentials attached), in their order: from the dataset
   * cache when everything they are built from is unchanged, else built and attested (one attest call per page).
   */
  async function finished(assets: readonly Asset[], offers: VisibleOffers): Promise<DcatDataset[]> {
    const publisher = deps.publisher();
    const slots: (CachedDataset | undefined)[] = [];
    const misses: { slot: number; key: string; dataset: DcatDataset | null }[] = [];
    for (const asset of assets) {
      const sources = sourcesFor(asset, offers);
      if (sources.length === 0) continue;
      const key = datasets.key(asset, sources, publisher);
      const known = datasets.get(key);
      slots.push(known);
      if (known !== undefined) continue;
      const built = toDcatDataset(asset, sources, publisher);
      if (built.problems.length > 0) deps.logger.warn({ assetId: asset.id, problems: built.problems }, 'offers left out of the catalog');
      misses.push({ slot: slots.length - 1, key, dataset: built.dataset ?? null });
    }
    if (misses.length > 0) {
      const unattested = misses.flatMap((m) => m.dataset ?? []);
      const attested = deps.attest ? await deps.attest(unattested) : unattested;
      let n = 0;
      for (const miss of misses) {
        const dataset = miss.dataset ? (attested[n++] ?? null) : null;
        datasets.set(miss.key, dataset);
        slots[miss.slot] = dataset;
      }
    }
    return slots.flatMap((d) => d ?? []);
  }

  /**
   * The assets of one page of what `offers` show, and whether a visible one follows. Offsets count visible assets
   * only: when every asset is visible SQL pages directly, else assets are read in chunks from the start and the
   * hidden ones skipped, until one visible asset beyond the page is found or the assets run out.
   */
  async function visiblePage(offers: VisibleOffers, filter: AssetFilter, page: PageRequest): Promise<{ assets: Asset[]; more: boolean }> {
    if (offers.everything) {
      const { items } = await deps.assets.list({ offset: page.offset, limit: page.limit + 1, filter });
      return { assets: items.slice(0, page.limit), more: items.length > page.limit };
    }
    const chunk = deps.scanChunk ?? 500;
    const assets: Asset[] = [];
    let seen = 0;
    for (let at = 0; ; at += chunk) {
      const { items } = await deps.assets.list({ offset: at, limit: chunk, filter });
      for (const asset of items) {
        if (sourcesFor(asset, offers).length === 0) continue;
        if (seen === page.offset + page.limit) return { assets, more: true };
        if (seen >= page.offset) assets.push(asset);
        seen++;
      }
      if (items.length < chunk) return { assets, more: false };
    }
  }

  function json(dataset: DcatDataset): string {
    let text = texts.get(dataset);
    if (text === undefined) {
      text = JSON.stringify(dataset);
      texts.set(dataset, text);
    }
    return text;
  }

  return {
    /** The JSON text of a dataset this provider returned (serialised once per finished dataset). */
    json,

    /** Forget cached definitions and policies (call after they change). */
    invalidate(): void {
      cached = undefined;
    },

    /** A page of what `agent` may see. The datasets are the ones kept in memory, shared between requests: never modify them. */
    async datasets(agent: ParticipantAgent, filter: AssetFilter, page: PageRequest): Promise<DatasetPage> {
      const offers = await visibleOffers(agent);
      if (offers.empty) return { datasets: [], more: false };
      const { assets, more } = await visiblePage(offers, filter, page);
      return { datasets: await finished(assets, offers), more };
    },

    /**
     * Publishes a page of assets with every offer, whoever may see it: builds and attests (signs when new) each
     * offer and keeps the finished datasets and their JSON text, so a requester who may see all of an asset's
     * offers gets it from memory.
     */
    async publish(page: PageRequest): Promise<PublishedPage> {
      const offers = await visibleOffers('everyone');
      if (offers.empty) return { datasets: [], total: 0 };
      const assets = await deps.assets.list({ offset: page.offset, limit: page.limit, filter: {} });
      const published = await finished(assets.items, offers);
      for (const dataset of published) json(dataset);
      return { datasets: published, total: assets.total };
    },

    /** One dataset; NOT_FOUND both when the asset does not exist and when this requester may not see it. */
    async dataset(agent: ParticipantAgent, id: string): Promise<DcatDataset> {
      const asset = await deps.assets.findById(id);
      const [dataset] = asset ? await finished([asset], await visibleOffers(agent)) : [];
      if (!dataset) throw new ConnectorError('NOT_FOUND', { detail: `dataset '${id}' does not exist` });
      return dataset;
    },
  };
}

export type CatalogProvider = ReturnType<typeof createCatalogProvider>;
