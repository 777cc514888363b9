import { enc, post } from './api.js';
import { code, facts, field, h, json, table } from './dom.js';
import type { Negotiation } from './negotiations-page.js';
import { busy, link, outcome, type PageContext } from './page.js';

/** One negotiation: its facts, history, and the manual actions its state allows (approve, reject, accept, counter, terminate). */
export function negotiationDetail(n: Negotiation, ctx: PageContext): Node[] {
  const out = outcome();
  const base = `/api/v1/negotiations/${enc(n.id)}`;
  const reload = () => ctx.refresh();
  if (!n.pending && !['FINALIZED', 'TERMINATED'].includes(n.state)) ctx.refreshIn(1000);
  const act = (label: string, path: string, body?: () => unknown) => {
    const button = h('button', { type: 'button' }, label);
    button.addEventListener(
      'click',
      () =>
        void busy(button, out, async () => {
          await post(`${base}/${path}`, body?.());
          out.ok(`${label}: done.`);
          reload();
        }),
    );
    return button;
  };
  const reason = h('input', { type: 'text', name: 'reason', placeholder: 'optional' });
  const counter = h('textarea', { name: 'counterOffer', rows: 6 }, JSON.stringify({ permission: (n.offer.permission as unknown) ?? [] }, null, 2));
  const reasonBody = () => (reason.value ? { reason: reason.value } : {});
  const counterBody = () => JSON.parse(counter.value) as unknown;
  const actions: Node[] = [];
  if (n.pending && n.role === 'provider') actions.push(act('Approve', 'approve'), act('Reject', 'reject', reasonBody), act('Send counter-offer', 'counter-offer', counterBody));
  if (n.pending && n.role === 'consumer') actions.push(act('Accept', 'accept'), act('Send counter-offer', 'counter-offer', counterBody));
  if (!['FINALIZED', 'TERMINATED', 'TERMINATING'].includes(n.state)) actions.push(act('Terminate', 'terminate', reasonBody));
  return [
    h('h1', {}, `Negotiation ${n.id}`),
    h('p', {}, link('#/negotiations', '← All negotiations'), ' ', h('button', { type: 'button', class: 'secondary', onClick: reload }, 'Refresh')),
    facts([
      ['State', h('span', { 'data-testid': 'negotiation-state' }, n.state)],
      ['Protocol state', n.protocolState],
      ['Role', n.role],
      ['Waiting for you', n.pending ? 'yes' : 'no'],
      ['Counterparty', code(n.counterPartyId)],
      ['Asset', n.assetId ?? '—'],
      ['Error', n.errorDetail ?? '—'],
      ['Agreement', n.agreementId ? h('span', {}, code(n.agreementId), ' ', link(`#/transfers?agreement=${enc(n.agreementId)}`, 'Start a transfer')) : '—'],
    ]),
    actions.length
      ? h(
          'fieldset',
          {},
          h('legend', {}, 'Actions'),
          field('Reason (reject, terminate)', reason),
          ...(n.pending ? [field('Counter-offer (ODRL permissions, JSON)', counter)] : []),
          h('div', { class: 'actions' }, ...actions),
          out.el,
        )
      : out.el,
    h('h2', {}, 'History'),
    table('History', ['State', 'At', 'Cause'], n.history, (x) => [x.state, x.at, x.cause ?? '']),
    h('h2', {}, 'Offer'),
    json(n.offer),
  ];
}
