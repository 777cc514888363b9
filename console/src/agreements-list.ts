import { enc } from './api.js';
import { code, h, table } from './dom.js';
import { link } from './page.js';

export interface Agreement {
  id: string;
  assetId: string;
  assigner: string;
  assignee: string;
  status: string;
  signedAt: string;
  revokedAt?: string | null;
  revokedBy?: string | null;
  revocationReason?: string | null;
}

/** Who revoked an agreement, when and why, as text. */
function revocation(a: Agreement): HTMLElement | null {
  if (a.status !== 'revoked') return null;
  const who = `${a.revokedBy ? ` by ${a.revokedBy}` : ''}${a.revokedAt ? ` at ${a.revokedAt}` : ''}`;
  return h('div', { class: 'muted', 'data-testid': 'revocation' }, `Revoked${who}: ${a.revocationReason ?? 'no reason given'}`);
}

/** Agreements; a transfer is offered only on an active one in which this connector (`own`) is the consumer. */
export function agreementsTable(items: readonly Agreement[], own: string): HTMLElement {
  return table('Agreements', ['Agreement', 'Asset', 'Provider', 'Consumer', 'Status', 'Signed', 'Transfer'], items, (a) => [
    code(a.id),
    a.assetId,
    code(a.assigner),
    code(a.assignee),
    h('span', {}, a.status, revocation(a)),
    a.signedAt,
    a.status === 'active' && a.assignee === own ? link(`#/transfers?agreement=${enc(a.id)}`, 'Start a transfer') : '—',
  ]);
}
