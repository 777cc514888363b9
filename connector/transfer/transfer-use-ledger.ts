/**
 * The uses of agreements by transfers (docs/decisions/0040-transfer-use-counting.md): one use is one transfer process
 * the provider accepted under the agreement, numbered from 1 in the order they were accepted. The policy's `count`
 * is decided against the uses already claimed, and the use is claimed in the same transaction, so that concurrent
 * requests (on any replica) never accept more transfers than the count allows.
 */
export interface TransferUseLedger {
  /**
   * One transaction: reads the uses claimed under `agreementId` (held against every other claim), asks `decide` with
   * them as `usageCount`, and when it allows, `transferId` claims use number usageCount + 1. A transfer that already
   * holds a use (a copy of its request, decision 0039) is decided with usageCount = its use number − 1 and keeps that
   * use: it claims no second one. Returns the transfer's use number, or undefined when `decide` refused (no use taken).
   */
  claim(agreementId: string, transferId: string, decide: (usageCount: number) => boolean): Promise<number | undefined>;
  /** The uses claimed under an agreement so far (0 for none). */
  count(agreementId: string): Promise<number>;
}
