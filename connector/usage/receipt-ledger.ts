import type { AuditInput } from '../audit/index.js';

/**
 * What identifies a received deletion receipt: its credential id under an agreement. `transferId` and `proofValue`
 * (null when absent) tell the very same receipt again (a coordinator retrying a delivery) from another credential
 * reusing the id.
 */
export interface ReceiptIdentity {
  readonly agreementId: string;
  readonly receiptId: string;
  readonly transferId: string | null;
  readonly proofValue: string | null;
}

/** How `keep` ended: kept now (its audit entry appended), or a receipt with this id was kept before (nothing written). */
export type KeepOutcome = { readonly kept: true } | { readonly kept: false; readonly earlier: ReceiptIdentity };

/**
 * The received deletion receipts, one per (agreement, credential id). `keep` records the receipt and appends its audit
 * entry as one step, unless a receipt with that id was kept under the agreement before, by any replica on the store,
 * even at the same moment: the store itself refuses the second, and `keep` answers with the one kept first.
 */
export interface ReceiptLedger {
  keep(receipt: ReceiptIdentity, entry: AuditInput): Promise<KeepOutcome>;
}
