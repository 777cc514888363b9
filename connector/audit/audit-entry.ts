import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { ConnectorError } from '../../core/index.js';

/** What the log records. Closed, so that queries and reports can rely on it. */
export const AUDIT_EVENT_TYPES = [
  'policy.decision',
  'negotiation',
  'agreement.revocation',
  'transfer',
  'training.round',
  'deletion',
  'usage.duty',
  'usage.escalation',
  'usage.suspension',
  'audit.checkpoint',
  'model.provenance',
  'model.use',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * JSON data. Object members may be undefined (optional fields): `chainEntry` normalises the data through
 * JSON before hashing, so such members are dropped and the stored bytes equal the hashed ones.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

/** What a caller records. Denials are recorded like permits: `data.decision`, `data.reason`. */
export interface AuditInput {
  readonly type: AuditEventType;
  readonly actor: string;
  readonly agreementId?: string | undefined;
  readonly data: JsonValue;
  /**
   * What the entry is about, for the indexed read `AuditStore.select` (a training's id): kept beside the entry, not part
   * of it nor of its hash. It repeats an identifier the data holds.
   */
  readonly subject?: string | undefined;
}

/** One link of the chain: `hash` = SHA-256 over the RFC 8785 form of every other field. */
export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly type: AuditEventType;
  readonly agreementId?: string;
  readonly actor: string;
  readonly data: JsonValue;
  readonly prevHash: string;
  readonly hash: string;
}

/** What the next link needs of the head: its seq and hash (the chain) and its time (times never go back). */
export type AuditHead = Pick<AuditEntry, 'seq' | 'hash' | 'at'>;

/** The prevHash of entry 1 (and the head hash of an empty log). */
export const GENESIS_HASH = `sha256:${'0'.repeat(64)}`;

export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, at, type, agreementId, actor, data, prevHash } = entry;
  const body = agreementId === undefined ? { seq, at, type, actor, data, prevHash } : { seq, at, type, agreementId, actor, data, prevHash };
  return `sha256:${createHash('sha256')
    .update(canonicalize(body) ?? '')
    .digest('hex')}`;
}

/** The next entry after `head` (or the first one). Data is normalised through JSON so stored bytes and hashed bytes agree. */
export function chainEntry(head: AuditHead | undefined, input: AuditInput, at: string): AuditEntry {
  if (!(AUDIT_EVENT_TYPES as readonly string[]).includes(input.type)) throw new ConnectorError('VALIDATION_FAILED', { detail: `unknown audit event type '${input.type}'` });
  if (!input.actor) throw new ConnectorError('VALIDATION_FAILED', { detail: 'an audit entry needs an actor' });
  const json = JSON.stringify(input.data);
  if (json === undefined) throw new ConnectorError('VALIDATION_FAILED', { detail: 'audit data must be JSON' });
  const base = {
    seq: (head?.seq ?? 0) + 1,
    at,
    type: input.type,
    ...(input.agreementId === undefined ? {} : { agreementId: input.agreementId }),
    actor: input.actor,
    data: JSON.parse(json) as JsonValue,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...base, hash: entryHash(base) };
}
