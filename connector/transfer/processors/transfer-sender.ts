import { dspRequest, joinUrl } from '../../peer/dsp-http-client.js';
import type { TransferDeps } from '../transfer-deps.js';
import type { TransferProcess } from '../transfer-process.js';

/** Sends one message to the counterparty's transfer endpoint at `path` (relative to its DSP base or our callback). */
export async function sendToPeer(deps: TransferDeps, t: TransferProcess, path: string, message: Record<string, unknown>): Promise<unknown> {
  const token = await deps.auth.tokenFor(t.counterPartyId);
  const { body } = await dspRequest(deps.outbound, 'POST', joinUrl(t.counterPartyAddress, path), token, message, undefined, { notFoundRetryable: true });
  return body;
}

export const pids = (t: TransferProcess) => ({ providerPid: t.providerPid ?? '', consumerPid: t.consumerPid });

/** `transfers/<the peer's pid>/<tail>`: the provider's path for the consumer, the consumer's callback path for the provider. */
export function peerPath(t: TransferProcess, tail: string): string {
  const pid = t.role === 'consumer' ? (t.providerPid ?? '') : t.consumerPid;
  return `transfers/${encodeURIComponent(pid)}/${tail}`;
}
