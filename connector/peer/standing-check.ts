/**
 * The check every protocol entry point runs on the counterparty: throws FORBIDDEN naming why it may not act (a
 * suspension, see connector/usage), or returns.
 */
export type StandingCheck = (participantId: string) => Promise<void>;
