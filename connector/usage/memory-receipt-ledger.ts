import type { AuditLog, AuditInput } from '../audit/index.js';
import type { KeepOutcome, ReceiptIdentity, ReceiptLedger } from './receipt-ledger.js';

/** In memory, for tests and a single process: the id is taken before the append awaits, and given back if it fails. */
export class MemoryReceiptLedger implements ReceiptLedger {
  readonly #kept = new Map<string, ReceiptIdentity>();
  constructor(private readonly audit: AuditLog) {}

  async keep(receipt: ReceiptIdentity, entry: AuditInput): Promise<KeepOutcome> {
    const key = JSON.stringify([receipt.agreementId, receipt.receiptId]);
    const earlier = this.#kept.get(key);
    if (earlier) return { kept: false, earlier };
    this.#kept.set(key, { ...receipt });
    try {
      await this.audit.append(entry);
    } catch (error) {
      this.#kept.delete(key);
      throw error;
    }
    return { kept: true };
  }
}
