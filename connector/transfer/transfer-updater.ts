import { updateEntity, type UpdateOptions } from '../statemachine/update-entity.js';
import type { StateEntityStore } from '../statemachine/state-entity-store.js';
import type { TransferProcess } from './transfer-process.js';

/** Optimistic read-modify-write of a transfer process (see updateEntity). */
export const updateTransfer = (
  store: StateEntityStore<TransferProcess>,
  id: string,
  mutate: (current: TransferProcess) => TransferProcess,
  options?: UpdateOptions<TransferProcess>,
) => updateEntity(store, id, mutate, options);
