import type { TransferProcess } from './transfer-process.js';

/**
 * A push's two marks at the provider: `pushStartedAt`, saved before the data goes out, and `pushedAt`, saved once the
 * destination took it. A push that finds the first without the second is made again after an interruption (a crash,
 * a lost store connection, a failed attempt): the destination may have the data already. Every attempt of one push
 * carries the same key (the transfer and the first mark), so a destination can drop the repeats by it.
 */
export function pushKey(t: TransferProcess): string {
  return `${t.id}/push/${t.pushStartedAt ?? 0}`;
}

/** A push made anew (the start, a resume): no mark of an earlier push stays, so it gets a key of its own. */
export function newPush(t: TransferProcess): TransferProcess {
  const { pushedAt: _done, pushStartedAt: _begun, ...fresh } = t;
  return fresh;
}
