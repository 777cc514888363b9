/** Transfer process states: the DSP `-ED` states plus local `-ING` states ("we owe the peer this message"). */
export const TRANSFER_STATES = [
  'INITIAL',
  'REQUESTING',
  'REQUESTED',
  'STARTING',
  'STARTED',
  'SUSPENDING',
  'SUSPENDED',
  'RESUMING',
  'COMPLETING',
  'COMPLETED',
  'TERMINATING',
  'TERMINATED',
] as const;
export type TransferState = (typeof TRANSFER_STATES)[number];

export const DSP_TRANSFER_STATES = ['REQUESTED', 'STARTED', 'SUSPENDED', 'COMPLETED', 'TERMINATED'] as const;
export type DspTransferState = (typeof DSP_TRANSFER_STATES)[number];

export const TRANSFER_FINAL_STATES: readonly TransferState[] = ['COMPLETED', 'TERMINATED'];
