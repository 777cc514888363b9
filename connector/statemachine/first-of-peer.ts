import { createHash } from 'node:crypto';
import { isConnectorError } from '../../core/index.js';
import type { StatefulEntity } from './stateful-entity.js';

/**
 * The id of the process a peer starts with its own process id (a consumerPid): derived from the peer and that id
 * (a name-based UUID), so that every copy of one initial request, however many arrive at once on however many
 * replicas, names the same row. Another peer's identical pid names another.
 */
export function peerProcessId(kind: string, counterPartyId: string, peerPid: string): string {
  const hex = createHash('sha256').update(`${kind}\n${counterPartyId}\n${peerPid}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Saves the process a peer's initial request creates, or, when a copy of the request that arrived at the same time
 * saved it first (the id is taken), returns that one: each copy is answered with the one process.
 */
export async function saveFirstOfPeer<E extends StatefulEntity, R>(save: () => Promise<R>, existing: () => Promise<E | undefined>): Promise<{ created: R } | { existing: E }> {
  try {
    return { created: await save() };
  } catch (error) {
    if (!isConnectorError(error) || error.code !== 'ALREADY_EXISTS') throw error;
    const found = await existing();
    if (!found) throw error;
    return { existing: found };
  }
}
