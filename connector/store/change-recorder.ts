/**
 * Makes a change and writes its records (audit entries, webhook events) in one transaction: `change` gets stores
 * bound to that transaction and returns its value and the records; both commit or neither does, so a crash between
 * a change and its audit entry cannot lose the entry. The SQL implementation (store/sql/outbox) writes the records
 * to the outbox, which the relay appends to the audit log (woken right after the commit; the outbox is the crash net).
 */
export interface ChangeRecorder<S, R> {
  commit<T>(change: (stores: S) => Promise<{ value: T; records: readonly R[] }>): Promise<T>;
  /** Records of something that changed nothing in this database (written through the outbox all the same). */
  record(...records: R[]): Promise<void>;
}
