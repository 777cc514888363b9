import { ConnectorError } from '../../core/index.js';

/**
 * A message to a process's path must name that process by both its ids, as far as we know them (a consumer's record
 * learns the provider's id from the first answer): a message whose `providerPid` or `consumerPid` names another process
 * is not for this one (NOT_FOUND), whichever role we play. Missing or malformed ids are left to the message's schema.
 */
export function checkMessageNamesProcess(what: 'negotiation' | 'transfer', process: { providerPid?: string | undefined; consumerPid: string }, body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const { providerPid, consumerPid } = body as { providerPid?: unknown; consumerPid?: unknown };
  const differs = (named: unknown, ours: string | undefined) => typeof named === 'string' && ours !== undefined && named !== ours;
  if (differs(consumerPid, process.consumerPid)) throw new ConnectorError('NOT_FOUND', { detail: `consumerPid does not match this ${what}` });
  if (differs(providerPid, process.providerPid)) throw new ConnectorError('NOT_FOUND', { detail: `providerPid does not match this ${what}` });
}
