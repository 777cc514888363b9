import { api, enc } from './api.js';
import { code, h, table } from './dom.js';
import { link, type Page } from './page.js';
import { newestFirst, offsetParam, pager } from './paging.js';
import { transferDetail, type Transfer } from './transfer-detail.js';
import { transferForm } from './transfer-form.js';

const LIMIT = 50;

/** Transfers (start one from an agreement, list them newest first); `#/transfers/{id}` shows one with its EDR and data. */
export const transfersPage: Page = async (ctx) => {
  const [id] = ctx.params;
  if (id) return transferDetail(await api<Transfer>(`/api/v1/transfers/${enc(id)}`), ctx);
  const list = await newestFirst<Transfer>('/api/v1/transfers', LIMIT, offsetParam(ctx, 'offset'));
  return [
    h('h1', {}, 'Transfers'),
    transferForm(ctx),
    h('h2', {}, `Transfers (${list.total})`),
    table('Transfers', ['Transfer', 'Role', 'State', 'Type', 'Asset', 'Counterparty'], list.items, (t) => [
      link(`#/transfers/${enc(t.id)}`, t.id),
      t.role,
      t.state,
      t.transferType,
      t.assetId,
      code(t.counterPartyId),
    ]),
    pager(ctx, 'transfers', 'offset', 'transfers', list),
  ];
};
