/**
 * Whose id a DSP path names: ours as provider (`/negotiations/{providerPid}/request`, …/agreement/verification), ours
 * as consumer (…/offers, …/agreement), or either (GET, events, termination, the transfer messages: one path serves
 * both roles, and only the process found tells which).
 */
export type PathRole = 'provider' | 'consumer' | 'either';

export interface ErrorPids {
  providerPid?: string | undefined;
  consumerPid?: string | undefined;
}

/** The process a path names, when the caller may see it (its counterparty). */
interface SeenProcess {
  id: string;
  role: 'provider' | 'consumer';
  providerPid?: string | undefined;
  consumerPid: string;
}

const pidOf = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 && value.length < 500 ? value : undefined);

/**
 * The pids a DSP error body names for a message to a process's path. The process the caller may see gives both (the
 * provider's as its message named it while a consumer record has not learnt it yet). Otherwise the path's pid goes in
 * the field of the role the path serves, or, on a path both roles serve, in the field the message itself names it in;
 * the message's other pid as it named it. A pid nothing tells is left out (`urn:kontor:unknown`): never our consumer
 * pid as a providerPid. Reveals nothing the caller did not send or may not see.
 */
export function errorPids(seen: SeenProcess | undefined, pathPid: unknown, pathRole: PathRole, body: Record<string, unknown>): ErrorPids {
  const named = { providerPid: pidOf(body.providerPid), consumerPid: pidOf(body.consumerPid) };
  if (seen) return { providerPid: seen.providerPid ?? (seen.role === 'provider' ? seen.id : named.providerPid), consumerPid: seen.consumerPid };
  const pid = pidOf(pathPid);
  if (pid === undefined) return named;
  const role = pathRole !== 'either' ? pathRole : named.providerPid === pid ? 'provider' : named.consumerPid === pid ? 'consumer' : undefined;
  if (role === 'provider') return { ...named, providerPid: pid };
  if (role === 'consumer') return { ...named, consumerPid: pid };
  return named;
}
