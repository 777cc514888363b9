import { api, enc } from './api.js';
import { type Agreement, agreementsTable } from './agreements-list.js';
import { code, h, table } from './dom.js';
import { ownParticipantId } from './identity.js';
import { negotiationDetail } from './negotiation-detail.js';
import type { Negotiation } from './negotiation-facts.js';
import { link, type Page } from './page.js';
import { newestFirst, offsetParam, pager } from './paging.js';

const LIMIT = 50;

/** Negotiations and agreements, each newest first a page at a time; `#/negotiations/{id}` shows one with its actions. */
export const negotiationsPage: Page = async (ctx) => {
  const [id] = ctx.params;
  if (id) return negotiationDetail(await api<Negotiation>(`/api/v1/negotiations/${enc(id)}`), ctx);
  const [negotiations, agreements, own] = await Promise.all([
    newestFirst<Negotiation>('/api/v1/negotiations', LIMIT, offsetParam(ctx, 'n')),
    newestFirst<Agreement>('/api/v1/agreements', LIMIT, offsetParam(ctx, 'a')),
    ownParticipantId(),
  ]);
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
    pager(ctx, 'negotiations', 'n', 'negotiations', negotiations),
    h('h2', {}, `Agreements (${agreements.total})`),
    agreementsTable(agreements.items, own),
    pager(ctx, 'negotiations', 'a', 'agreements', agreements),
  ];
};
