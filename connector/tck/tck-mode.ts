import { readFileSync } from 'node:fs';
import { ConnectorError, type Clock } from '../../core/index.js';
import type { RequestValidator } from '../api/request-validator.js';
import type { KontorConfig } from '../config/kontor-config.js';
import type { Stores } from '../store/create-stores.js';
import { seedTckFixtures } from './seed-tck-fixtures.js';
import type { OperatorScript } from './operator-scripts.js';
import { parseTckFixtures, type OfferAlias } from './tck-fixtures.js';

/**
 * TCK mode at start-up (`tck.enabled`; the configuration refuses it outside the development identity and in
 * production): seeds `tck.fixtureFile`, and returns the offer aliases and operator scripts it names.
 */
export async function startTckMode(deps: { config: KontorConfig; stores: Stores; validator: RequestValidator; clock: Clock; checkPolicy: (policy: unknown) => void; readFile?: (path: string) => string }): Promise<{ aliases: OfferAlias[]; scripts: OperatorScript[] }> {
  const file = deps.config.tck.fixtureFile;
  if (!file) return { aliases: [], scripts: [] };
  let text: string;
  try {
    text = (deps.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(file);
  } catch (error) {
    throw new ConnectorError('CONFIG_INVALID', { detail: `tck.fixtureFile: cannot read '${file}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
  }
  const fixtures = parseTckFixtures(text, deps.validator);
  await seedTckFixtures(fixtures, { stores: deps.stores, participantId: deps.config.participantId, clock: deps.clock, checkPolicy: deps.checkPolicy });
  return { aliases: fixtures.offerAliases, scripts: fixtures.operatorScripts };
}
