import type { UpdateReceipt } from '../update-receipts.js';

/** A site's privacy budget as the coordinator last saw it in the site's signed receipt. */
export interface SitePrivacy {
  epsilonSpent: number;
  epsilonBudget: number;
  delta: number;
}

/** The budget fields of a verified receipt, or undefined when the site signed none (no fl:epsilon in its agreement). */
export function privacyOfReceipt(receipt: UpdateReceipt): SitePrivacy | undefined {
  const { epsilonSpent, epsilonBudget, delta } = receipt;
  return [epsilonSpent, epsilonBudget, delta].every((v) => typeof v === 'number' && Number.isFinite(v))
    ? { epsilonSpent: epsilonSpent as number, epsilonBudget: epsilonBudget as number, delta: delta as number }
    : undefined;
}

/** The training's sites with each delivering site's privacy status replaced by the one its receipt of this round carried. */
export function withSitePrivacy<S extends { siteDid: string; privacy?: SitePrivacy }>(
  sites: readonly S[],
  delivered: readonly { siteDid: string; privacy?: SitePrivacy | undefined }[],
): S[] {
  return sites.map((s) => {
    const privacy = delivered.find((d) => d.siteDid === s.siteDid)?.privacy;
    return privacy ? { ...s, privacy } : s;
  });
}
