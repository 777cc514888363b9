import { pushKey } from '../transfer/index.js';
import type { TransferProcess } from '../transfer/index.js';

/** An RFC 8941 string: quoted, with `\` and `"` escaped (the form draft-ietf-httpapi-idempotency-key-header gives the key). */
const sfString = (value: string) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

/**
 * The headers every push carries so that a destination can tell repeats: a push is at-least-once (made again after a
 * crash or a store fault that lost its end, and after a failed attempt). `X-Kontor-Transfer` names the provider's
 * transfer process (its providerPid); `Idempotency-Key` is the same on every attempt of one push and new for a push
 * made anew after a resume.
 */
export function pushHeaders(t: TransferProcess): Record<string, string> {
  return { 'x-kontor-transfer': t.id, 'idempotency-key': sfString(pushKey(t)) };
}
