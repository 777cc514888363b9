import { catalogResources } from './0001-catalog-resources.js';
import { stateEntities } from './0002-state-entities.js';
import type { Migration } from './migration.js';

/** Every migration, in order. Append only: never edit or reorder a released migration. */
export const MIGRATIONS: readonly Migration[] = [catalogResources, stateEntities];
export type { Migration } from './migration.js';
