import type { Clock } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { dateOf, issuerOf, specificTypes, statusEntriesOf, type JsonObject } from './vc/credential-fields.js';
import type { StatusFinding } from './vc/status/status-checker.js';

/** What a verified credential leaves behind for later re-checks: who issued it, until when, and its status entries. */
export interface CredentialEvidence {
  issuer: string;
  type: string[];
  validUntil?: string;
  credentialStatus?: unknown[];
}

/** A verified caller plus the evidence its claims rest on (kept with a transfer, so a monitor can re-check it). */
export type EvidencedAgent = ParticipantAgent & { evidence?: CredentialEvidence[] };

export function evidenceOf(credentials: readonly JsonObject[]): CredentialEvidence[] {
  return credentials.map((c) => {
    const until = typeof c.validUntil === 'string' ? c.validUntil : undefined;
    const status = statusEntriesOf(c);
    return { issuer: issuerOf(c) ?? '', type: specificTypes(c), ...(until ? { validUntil: until } : {}), ...(status.length > 0 ? { credentialStatus: status } : {}) };
  });
}

/**
 * Re-checks the credentials an agent was admitted with, now: expired, or revoked/suspended in its status list (a
 * set bit) → the reason; a status list that cannot be had right now, or an entry it cannot read, is not a revocation (the next request re-verifies anyway),
 * so it is reported to `onUnknown` and the agent stands. Agents without evidence (development identity) stand.
 */
export function agentStanding(deps: { status: { findings(credential: JsonObject): Promise<StatusFinding[]> }; clock: Clock; onUnknown?: (problem: string) => void }) {
  return async (agent: ParticipantAgent): Promise<string | undefined> => {
    for (const e of (agent as EvidencedAgent).evidence ?? []) {
      const what = `${e.type.join(', ') || 'credential'} from ${e.issuer}`;
      const until = e.validUntil === undefined ? undefined : dateOf({ validUntil: e.validUntil }, 'validUntil');
      if (until !== undefined && until <= deps.clock.now()) return `${what} expired at ${e.validUntil ?? ''}`;
      if (!e.credentialStatus) continue;
      const findings = await deps.status.findings({ issuer: e.issuer, type: ['VerifiableCredential', ...e.type], credentialStatus: e.credentialStatus } as JsonObject);
      const set = findings.filter((f) => f.kind === 'set').map((f) => f.message);
      if (set.length > 0) return `${what} is no longer valid: ${set.join('; ')}`;
      for (const f of findings) deps.onUnknown?.(`${what}: ${f.message}`);
    }
    return undefined;
  };
}
