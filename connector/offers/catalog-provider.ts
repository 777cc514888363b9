import type { Asset, AssetFilter, AssetStore, ContractDefinition, ContractDefinitionStore, PolicyDefinition, PolicyDefinitionStore } from '../../catalog/index.js';
import { ConnectorError, type Clock, type Logger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { DefinitionIndex, toDcatDataset, type DcatDataset, type DcatPublisher, type OfferSource } from './catalog-imports.js';
import { DatasetCache, type CachedDataset } from './dataset-cache.js';
import { listAll } from './list-all.js';
import { staleCursor, type PageCursor } from './page-cursor.js';
import type { PageNeighbours, PageRequest } from './pagination.js';
import { addressReadability } from './unreadable-addresses.js';
import { scanVisible } from './visible-scan.js';

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
export interface DatasetPage extends PageNeighbours {
  datasets: DcatDataset[];
  /** Whether at least one more dataset this requester may see follows the page (then `next` says where it starts). */
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
 * more follow and where the neighbouring pages start (cursors naming datasets of this page, so a walk by the links
 * reads each asset about once): assets hidden from the requester leave no trace in it (no count, no gap, no link).
 * Failing or throwing access checks count as "not visible" (fail closed), and so does an asset whose data address
 * does not open (STORE_INTEGRITY: unreadable-addresses.ts), so that one broken row never fails the catalog.
 */
export function createCatalogProvider(deps: CatalogProviderDeps) {
  let cached: (OfferTerms & { at: number }) | undefined;
  const datasets = new DatasetCache(deps.datasetCacheSize);
  const addresses = addressReadability(deps.logger);
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
      if (sources.length === 0 || !addresses.readable(asset)) continue;
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

  /** Whether this requester may see an offer of the asset (and its data address gives the type the offer needs). */
  const shows = (offers: VisibleOffers) => (asset: Asset) => sourcesFor(asset, offers).length > 0 && addresses.readable(asset);

  /**
   * An offset page: offsets count visible assets only. When every asset is visible SQL skips them; else the assets
   * before the page are read and the hidden ones passed over (cursor pages, which the links carry, avoid this). An
   * asset whose data address does not open counts as hidden: once one was met, or when the page would hold one,
   * SQL offsets no longer count visible assets, so the assets are scanned.
   */
  async function offsetPage(offers: VisibleOffers, filter: AssetFilter, page: PageRequest): Promise<{ assets: Asset[]; more: boolean }> {
    if (offers.empty) return { assets: [], more: false };
    if (offers.everything && !addresses.anyUnreadable()) {
      const { items } = await deps.assets.list({ offset: page.offset, limit: page.limit + 1, filter });
      if (items.every(addresses.readable)) return { assets: items.slice(0, page.limit), more: items.length > page.limit };
    }
    return scanVisible(deps.assets, filter, shows(offers), { skip: page.offset, want: page.limit, chunk: deps.scanChunk ?? 500 });
  }

  /**
   * A cursor page: the visible assets right after (or right before) the cursor's place, reading only from there, and
   * whether a visible asset lies on the cursor's side of the page (where the other neighbouring page starts). A cursor
   * with a place continues from it whether or not its asset is still there or still visible: the answer depends only
   * on the place and on what this requester may see, so a forged cursor learns nothing of hidden assets. A cursor
   * without a place (written before places were carried) needs its asset to exist and be visible, else it is stale
   * (one answer for both).
   */
  async function cursorPage(offers: VisibleOffers, filter: AssetFilter, cursor: PageCursor, limit: number): Promise<{ assets: Asset[]; more: boolean; behind: boolean }> {
    const chunk = deps.scanChunk ?? 500;
    const anchor = offers.empty ? undefined : await deps.assets.findById(cursor.id);
    const anchorShown = anchor !== undefined && shows(offers)(anchor) && (cursor.at === undefined || anchor.createdAt === cursor.at);
    if (cursor.at === undefined && !anchorShown) throw staleCursor();
    const place = { createdAt: cursor.at ?? (anchor as Asset).createdAt, id: cursor.id };
    if (offers.empty) return { assets: [], more: false, behind: false };
    const found = await scanVisible(deps.assets, filter, shows(offers), { seek: { ...place, direction: cursor.direction }, skip: 0, want: limit, chunk });
    const assets = cursor.direction === 'after' ? found.assets : found.assets.reverse();
    // The cursor's asset, when still there and visible, neighbours the page on the cursor's side; else look past it.
    if (assets.length === 0 || anchorShown) return { assets, more: found.more, behind: assets.length > 0 };
    const back = cursor.direction === 'after' ? 'before' : 'after';
    const past = await scanVisible(deps.assets, filter, shows(offers), { seek: { ...place, direction: back }, skip: 0, want: 0, chunk });
    return { assets, more: found.more, behind: past.more };
  }

  /** The assets of a page and where its neighbours start. */
  async function visiblePage(offers: VisibleOffers, filter: AssetFilter, page: PageRequest): Promise<{ assets: Asset[] } & PageNeighbours> {
    const after = (asset: Asset | undefined): PageCursor | undefined => (asset ? { direction: 'after', id: asset.id, at: asset.createdAt } : undefined);
    const before = (asset: Asset | undefined): PageCursor | undefined => (asset ? { direction: 'before', id: asset.id, at: asset.createdAt } : undefined);
    const links = (assets: Asset[], next: PageCursor | undefined, previous: PageNeighbours['previous']) => ({
      assets,
      ...(next ? { next } : {}),
      ...(previous ? { previous } : {}),
    });
    if (!page.cursor) {
      const { assets, more } = await offsetPage(offers, filter, page);
      return links(assets, more ? after(assets.at(-1)) : undefined, page.offset > 0 ? { offset: Math.max(0, page.offset - page.limit) } : undefined);
    }
    const { assets, more, behind } = await cursorPage(offers, filter, page.cursor, page.limit);
    if (page.cursor.direction === 'after') return links(assets, more ? after(assets.at(-1)) : undefined, behind ? before(assets[0]) : undefined);
    return links(assets, behind ? after(assets.at(-1)) : undefined, more ? before(assets[0]) : undefined);
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
      const { assets, ...neighbours } = await visiblePage(offers, filter, page);
      return { datasets: await finished(assets, offers), more: neighbours.next !== undefined, ...neighbours };
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

    /**
     * One dataset; NOT_FOUND both when the asset does not exist and when this requester may not see it (or its data
     * address does not open).
     */
    async dataset(agent: ParticipantAgent, id: string): Promise<DcatDataset> {
      const asset = await deps.assets.findById(id);
      const [dataset] = asset ? await finished([asset], await visibleOffers(agent)) : [];
      if (!dataset) throw new ConnectorError('NOT_FOUND', { detail: `dataset '${id}' does not exist` });
      return dataset;
    },
  };
}

export type CatalogProvider = ReturnType<typeof createCatalogProvider>;
