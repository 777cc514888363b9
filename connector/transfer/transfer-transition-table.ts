import type { TransitionTable } from '../statemachine/transition-table.js';
import type { TransferState } from './transfer-state.js';

const ENDS = ['TERMINATING', 'TERMINATED'] as const;

/** The consumer's transfer machine. RESUMING sends a TransferStartMessage to the provider after a suspension. */
export const CONSUMER_TRANSFER_TRANSITIONS = {
  INITIAL: ['REQUESTING', 'TERMINATED'],
  REQUESTING: ['REQUESTED', ...ENDS],
  REQUESTED: ['STARTED', ...ENDS],
  STARTING: [],
  STARTED: ['SUSPENDING', 'SUSPENDED', 'COMPLETING', 'COMPLETED', ...ENDS],
  SUSPENDING: ['SUSPENDED', ...ENDS],
  SUSPENDED: ['RESUMING', 'STARTED', ...ENDS],
  RESUMING: ['STARTED', ...ENDS],
  COMPLETING: ['COMPLETED', ...ENDS],
  COMPLETED: [],
  TERMINATING: ['TERMINATED'],
  TERMINATED: [],
} as const satisfies TransitionTable<TransferState>;

/**
 * The provider's transfer machine. STARTING prepares the data flow and sends TransferStartMessage; a push runs while
 * COMPLETING (the peer still sees STARTED), so a suspension or termination may interrupt it there.
 */
export const PROVIDER_TRANSFER_TRANSITIONS = {
  INITIAL: ['REQUESTED', 'TERMINATED'],
  REQUESTING: [],
  REQUESTED: ['STARTING', ...ENDS],
  STARTING: ['STARTED', ...ENDS],
  STARTED: ['SUSPENDING', 'SUSPENDED', 'COMPLETING', 'COMPLETED', ...ENDS],
  SUSPENDING: ['SUSPENDED', ...ENDS],
  SUSPENDED: ['STARTING', 'STARTED', ...ENDS],
  RESUMING: [],
  COMPLETING: ['COMPLETED', 'SUSPENDING', 'SUSPENDED', ...ENDS],
  COMPLETED: [],
  TERMINATING: ['TERMINATED'],
  TERMINATED: [],
} as const satisfies TransitionTable<TransferState>;
