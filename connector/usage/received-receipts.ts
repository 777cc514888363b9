import type { AuditLog } from '../audit/index.js';

/** A deletion receipt a site received and kept (its `deletion` audit entry), as the acceptance and the watch read it. */
export interface ReceivedReceipt {
  readonly id: unknown;
  readonly from: string;
  /** The site transfer the receipt names (credentialSubject.transfer). */
  readonly transfer: string | undefined;
  readonly proofValue: unknown;
  /** When it was kept (the entry's time). */
  readonly at: number;
}

type Json = Record<string, unknown>;
const objectOr = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const textOr = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** What a receipt says it covers: the training and the site's training transfer (credentialSubject). */
export function receiptCoverage(receipt: Json): { training: string | undefined; transfer: string | undefined } {
  const subject = objectOr(receipt.credentialSubject);
  return { training: textOr(subject.training), transfer: textOr(subject.transfer) };
}

/** The proof value of a credential's (first) proof: the same credential id with the same proof value is the same receipt. */
export function proofValueOf(credential: Json): unknown {
  const proof = Array.isArray(credential.proof) ? credential.proof[0] : credential.proof;
  return objectOr(proof).proofValue;
}

/** The receipts received under an agreement, in the order they were kept: one indexed read of its `deletion` entries. */
export async function receivedReceipts(audit: AuditLog, agreementId: string): Promise<ReceivedReceipt[]> {
  const entries = await audit.select({ agreementId, types: ['deletion'] });
  return entries.flatMap((e) => {
    const data = objectOr(e.data);
    const from = textOr(data.receivedFrom);
    if (from === undefined || typeof data.receipt !== 'object' || data.receipt === null) return [];
    const receipt = data.receipt as Json;
    return [{ id: receipt.id, from, transfer: receiptCoverage(receipt).transfer, proofValue: proofValueOf(receipt), at: Date.parse(e.at) }];
  });
}
