import type { ReplayCache } from './replay-cache.js';
import type { TokenRejection } from './verify-self-issued-token.js';

/** What a verified token brings to the replay cache. */
export interface SpendableToken {
  issuer: string;
  tokenId: string;
  /** Until when the id must be remembered (expiry plus clock skew), epoch ms. */
  replayUntil: number;
}

/**
 * Records a verified token's id in the replay cache: the last step of authentication, taken only once the
 * caller is known to be entitled (a member, a registered participant, the grantee of an access token).
 * Returns the rejection when the id was used before or the issuer's share of the cache is full.
 */
export async function spendTokenId(cache: ReplayCache, token: SpendableToken): Promise<TokenRejection | undefined> {
  const verdict = await cache.use(token.issuer, token.tokenId, token.replayUntil);
  if (verdict === 'replayed') return 'replayed token id';
  if (verdict === 'full') return 'replay cache full';
  return undefined;
}
