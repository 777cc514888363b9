import type { Express } from 'express';
import { readFileSync } from 'node:fs';
import { ConnectorError, type Clock, type EventBus, type Logger } from '../../core/index.js';
import type { RequestValidator } from '../http/request-validator.js';
import { routePrefix } from '../http/route-prefix.js';
import type { KontorConfig } from '../config/kontor-config.js';
import type { AgreementStore } from '../negotiation/index.js';
import type { NegotiationEvents } from '../negotiation/index.js';
import type { negotiationService } from '../negotiation/index.js';
import type { OfferResolver } from '../negotiation/index.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import type { Stores } from '../store/sql/create-stores.js';
import type { TransferEvents } from '../transfer/index.js';
import type { transferService } from '../transfer/index.js';
import { withOfferAliases } from './offer-aliases.js';
import { runOperatorScripts, scriptWaitsForOffer } from './operator-scripts.js';
import { seedTckFixtures } from './seed-tck-fixtures.js';
import { TCK_HOOKS_PATH, tckHooksRouter } from './tck-hooks.js';
import { parseTckFixtures, type TckFixtures } from './tck-fixtures.js';

export interface TckMode {
  /** The offer resolver, reading the fixture's offer-id aliases too (unchanged outside TCK mode). */
  offers(inner: OfferResolver): OfferResolver;
  /** Mounts the initiate hooks and starts the operator scripts (nothing outside TCK mode). */
  attach(
    app: Express,
    deps: {
      auth: PeerAuth;
      events: EventBus<NegotiationEvents & TransferEvents>;
      logger: Logger;
      agreements: AgreementStore;
      negotiations: ReturnType<typeof negotiationService>;
      transfers: ReturnType<typeof transferService>;
    },
  ): void;
}

type StartDeps = {
  config: Pick<KontorConfig, 'dsp' | 'participantId' | 'tck'>;
  stores: Stores;
  validator: RequestValidator;
  clock: Clock;
  checkPolicy: (policy: unknown) => void;
  readFile?: (path: string) => string;
};

/**
 * TCK mode at start-up (`tck.enabled`; the configuration refuses it outside the development identity and in
 * production): seeds `tck.fixtureFile` and gives what the composition root wires in. Outside TCK mode: nothing.
 */
export async function tckMode(deps: StartDeps): Promise<TckMode> {
  if (!deps.config.tck.enabled) return { offers: (inner) => inner, attach: () => undefined };
  const fixtures = await seed(deps);
  const { stores } = deps;
  const lookup = {
    findDefinition: (id: string) => stores.contractDefinitions.findById(id),
    findAsset: (id: string) => stores.assets.findById(id),
    findPolicy: (id: string) => stores.policies.findById(id),
  };
  return {
    offers: (inner) => withOfferAliases(inner, fixtures.offerAliases, lookup),
    attach(app, d) {
      runOperatorScripts(fixtures.operatorScripts, d);
      const waitsForOffer = (datasetId: string) => scriptWaitsForOffer(fixtures.operatorScripts, datasetId);
      app.use(TCK_HOOKS_PATH, routePrefix(TCK_HOOKS_PATH), tckHooksRouter({ ...d, bodyLimitBytes: deps.config.dsp.bodyLimitBytes, waitsForOffer }));
    },
  };
}

async function seed(deps: StartDeps): Promise<Pick<TckFixtures, 'offerAliases' | 'operatorScripts'>> {
  const file = deps.config.tck.fixtureFile;
  if (!file) return { offerAliases: [], operatorScripts: [] };
  let text: string;
  try {
    text = (deps.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(file);
  } catch (error) {
    throw new ConnectorError('CONFIG_INVALID', { detail: `tck.fixtureFile: cannot read '${file}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
  }
  const fixtures = parseTckFixtures(text, deps.validator);
  await seedTckFixtures(fixtures, { stores: deps.stores, participantId: deps.config.participantId, clock: deps.clock, checkPolicy: deps.checkPolicy });
  return fixtures;
}
