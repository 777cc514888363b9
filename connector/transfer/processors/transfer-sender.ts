import { dspRequest, joinUrl } from '../../peer/dsp-http-client.js';
import { deliveredEarlier } from '../../peer/refused-repeat.js';
import type { TransferDeps } from '../transfer-deps.js';
import type { TransferProcess } from '../transfer-process.js';

/**
 * Sends one message to the counterparty's transfer endpoint at `path` (relative to its DSP base or our callback).
 * A refusal of a repeat the peer had taken already (we died before saving after it) counts as delivered: the
 * answer is then the peer's transfer process document (see deliveredEarlier).
 */
export async function sendToPeer(deps: TransferDeps, t: TransferProcess, path: string, message: Record<string, unknown>): Promise<unknown> {
  const token = await deps.auth.tokenFor(t.counterPartyId);
  try {
    const { body } = await dspRequest(deps.outbound, 'POST', joinUrl(t.counterPartyAddress, path), token, message, undefined, { notFoundRetryable: true });
    return body;
  } catch (error) {
    const peerPid = t.role === 'consumer' ? t.providerPid : t.consumerPid;
    const earlier = await deliveredEarlier({
      error,
      message,
      stateUrl: peerPid ? joinUrl(t.counterPartyAddress, `transfers/${encodeURIComponent(peerPid)}`) : undefined,
      token: () => deps.auth.tokenFor(t.counterPartyId),
      outbound: deps.outbound,
      logger: deps.logger,
      process: { transferId: t.id },
    });
    if (!earlier) throw error;
    return earlier.body;
  }
}

export const pids = (t: TransferProcess) => ({ providerPid: t.providerPid ?? '', consumerPid: t.consumerPid });

/** `transfers/<the peer's pid>/<tail>`: the provider's path for the consumer, the consumer's callback path for the provider. */
export function peerPath(t: TransferProcess, tail: string): string {
  const pid = t.role === 'consumer' ? (t.providerPid ?? '') : t.consumerPid;
  return `transfers/${encodeURIComponent(pid)}/${tail}`;
}
