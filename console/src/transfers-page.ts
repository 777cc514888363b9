import { api, enc, post } from './api.js';
import { code, field, h, table } from './dom.js';
import { busy, link, outcome, type Page } from './page.js';
import { transferDetail, type Transfer } from './transfer-detail.js';

/** Transfers (start one from an agreement, list them); `#/transfers/{id}` shows one with its EDR and data. */
export const transfersPage: Page = async (ctx) => {
  const [id] = ctx.params;
  if (id) return transferDetail(await api<Transfer>(`/api/v1/transfers/${enc(id)}`), ctx);
  const list = await api<{ items: Transfer[]; total: number }>('/api/v1/transfers?limit=100');
  const agreement = h('input', { type: 'text', name: 'agreementId', required: true, value: ctx.query.get('agreement') ?? '' });
  const type = h(
    'select',
    { name: 'transferType' },
    h('option', { value: 'HttpData-PULL' }, 'HttpData-PULL (pull through an EDR)'),
    h('option', { value: 'HttpData-PUSH' }, 'HttpData-PUSH'),
  );
  const purpose = h('input', { type: 'url', name: 'purpose', value: 'https://w3id.org/kontor/purpose/research' });
  const submit = h('button', { type: 'submit' }, 'Start transfer');
  const out = outcome();
  const form = h(
    'form',
    { 'aria-labelledby': 'start-title' },
    h('h2', { id: 'start-title' }, 'Start a transfer'),
    field('Agreement id', agreement),
    field('Transfer type', type),
    field('Purpose', purpose, 'Sent to the provider; its contract policy may require one'),
    submit,
    out.el,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, out, async () => {
      const body = { agreementId: agreement.value, transferType: type.value, ...(purpose.value ? { purpose: purpose.value } : {}) };
      const { id: created } = await post<{ id: string }>('/api/v1/transfers', body);
      ctx.go(`#/transfers/${enc(created)}`);
    });
  });
  return [
    h('h1', {}, 'Transfers'),
    form,
    h('h2', {}, `Transfers (${list.total})`),
    table('Transfers', ['Transfer', 'Role', 'State', 'Type', 'Asset', 'Counterparty'], list.items, (t) => [
      link(`#/transfers/${enc(t.id)}`, t.id),
      t.role,
      t.state,
      t.transferType,
      t.assetId,
      code(t.counterPartyId),
    ]),
  ];
};
