import { api, enc } from './api.js';
import { code, h, table } from './dom.js';
import { negotiationDetail } from './negotiation-detail.js';
import { link, type Page } from './page.js';

export interface Negotiation {
  id: string;
  role: string;
  state: string;
  protocolState: string;
  pending: boolean;
  counterPartyId: string;
  counterPartyAddress?: string;
  offer: Record<string, unknown>;
  assetId?: string | null;
  agreementId?: string | null;
  errorDetail?: string | null;
  history: { state: string; at: string; cause?: string }[];
}
interface Agreement {
  id: string;
  assetId: string;
  assigner: string;
  assignee: string;
  status: string;
  signedAt: string;
}
interface PageOf<T> {
  items: T[];
  total: number;
}

/** Negotiations (newest first) and agreements; `#/negotiations/{id}` shows one with its actions. */
export const negotiationsPage: Page = async (ctx) => {
  const [id] = ctx.params;
  if (id) return negotiationDetail(await api<Negotiation>(`/api/v1/negotiations/${enc(id)}`), ctx);
  const [negotiations, agreements] = await Promise.all([api<PageOf<Negotiation>>('/api/v1/negotiations?limit=100'), api<PageOf<Agreement>>('/api/v1/agreements?limit=100')]);
  return [
    h('h1', {}, 'Negotiations and agreements'),
    h('h2', {}, `Negotiations (${negotiations.total})`),
    table('Negotiations', ['Negotiation', 'Role', 'State', 'Counterparty', 'Asset'], negotiations.items, (n) => [
      link(`#/negotiations/${enc(n.id)}`, n.id),
      n.role,
      h('span', {}, n.state, n.pending ? h('span', { class: 'bad' }, ' (waiting for you)') : null),
      code(n.counterPartyId),
      n.assetId ?? '—',
    ]),
    h('h2', {}, `Agreements (${agreements.total})`),
    table('Agreements', ['Agreement', 'Asset', 'Provider', 'Consumer', 'Status', 'Signed', 'Transfer'], agreements.items, (a) => [
      code(a.id),
      a.assetId,
      code(a.assigner),
      code(a.assignee),
      a.status,
      a.signedAt,
      a.status === 'active' ? link(`#/transfers?agreement=${enc(a.id)}`, 'Start a transfer') : '—',
    ]),
  ];
};
