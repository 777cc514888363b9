import { api, enc, post } from './api.js';
import { counterOfferRules } from './counter-offer.js';
import { field, h, json, table } from './dom.js';
import { type Negotiation, negotiationFacts } from './negotiation-facts.js';
import { busy, describe, link, outcome, type PageContext } from './page.js';
import { editing, POLL_MS, poll } from './poller.js';

const FINAL = ['FINALIZED', 'TERMINATED'];

/**
 * One negotiation: its facts, history, and the manual actions its state allows (approve, reject, accept, counter,
 * terminate). A refresh replaces the facts, history and offer in place: what the operator typed, the focus and an
 * action's outcome stay.
 */
export function negotiationDetail(first: Negotiation, ctx: PageContext): Node[] {
  const out = outcome();
  const base = `/api/v1/negotiations/${enc(first.id)}`;
  let current = first;
  let prefill = JSON.stringify(counterOfferRules(first.offer), null, 2);
  const reason = h('input', { type: 'text', name: 'reason', placeholder: 'optional' });
  const counter = h('textarea', { name: 'counterOffer', rows: 10, spellcheck: 'false' }, prefill);
  const counterField = field(
    'Counter-offer (ODRL rules, JSON)',
    counter,
    'The terms sent instead: permission, prohibition and obligation. A rule removed here is not in the contract.',
  );
  const [factsBox, historyBox, offerBox, buttons] = [h('div'), h('div'), h('div'), h('div', { class: 'actions' })];
  const fieldset = h('fieldset', {}, h('legend', {}, 'Actions'), field('Reason (reject, terminate)', reason), counterField, buttons);
  const note = h('span', { class: 'muted', role: 'status' });

  const reload = async () => {
    try {
      show(await api<Negotiation>(base));
      note.textContent = '';
    } catch (error) {
      note.textContent = `Could not refresh: ${describe(error)}`;
    }
  };
  const act = (label: string, path: string, body?: () => unknown) => {
    const button = h('button', { type: 'button' }, label);
    button.addEventListener(
      'click',
      () =>
        void busy(button, out, async () => {
          await post(`${base}/${path}`, body?.());
          out.ok(`${label}: done.`);
          await reload();
          poller.kick();
        }),
    );
    return button;
  };
  const reasonBody = () => (reason.value ? { reason: reason.value } : {});
  const counterBody = () => JSON.parse(counter.value) as unknown;
  const actionsFor = (n: Negotiation): HTMLButtonElement[] => [
    ...(n.pending && n.role === 'provider' ? [act('Approve', 'approve'), act('Reject', 'reject', reasonBody)] : []),
    ...(n.pending && n.role === 'consumer' ? [act('Accept', 'accept')] : []),
    ...(n.pending ? [act('Send counter-offer', 'counter-offer', counterBody)] : []),
    ...(['FINALIZED', 'TERMINATED', 'TERMINATING'].includes(n.state) ? [] : [act('Terminate', 'terminate', reasonBody)]),
  ];
  let shownActions = '';
  function show(n: Negotiation): void {
    current = n;
    factsBox.replaceChildren(negotiationFacts(n));
    historyBox.replaceChildren(table('History', ['State', 'At', 'Cause'], n.history, (x) => [x.state, x.at, x.cause ?? '']));
    offerBox.replaceChildren(json(n.offer));
    const rules = JSON.stringify(counterOfferRules(n.offer), null, 2);
    if (counter.value === prefill) counter.value = rules;
    prefill = rules;
    const actions = actionsFor(n);
    const labels = actions.map((b) => b.textContent).join('|');
    // The same actions keep their buttons (and the focus on one).
    if (labels !== shownActions) buttons.replaceChildren(...actions);
    shownActions = labels;
    counterField.hidden = !n.pending;
    fieldset.hidden = actions.length === 0;
  }
  show(first);
  const poller = poll(ctx, POLL_MS, reload, {
    wanted: () => !FINAL.includes(current.state),
    paused: () => editing(fieldset, () => reason.value !== '' || counter.value !== prefill),
  });
  const refresh = h('button', { type: 'button', class: 'secondary', onClick: () => void reload() }, 'Refresh');
  return [
    h('h1', {}, `Negotiation ${first.id}`),
    h('p', {}, link('#/negotiations', '← All negotiations'), ' ', refresh, ' ', note),
    factsBox,
    fieldset,
    out.el,
    h('h2', {}, 'History'),
    historyBox,
    h('h2', {}, 'Offer'),
    offerBox,
  ];
}
