import { enc, post } from './api.js';
import { field, h } from './dom.js';
import { busy, outcome, type PageContext } from './page.js';

const PUSH = 'HttpData-PUSH';

/** The transfer request body: a push carries where the provider sends the data (and the credential it presents there). */
export function transferBody(agreementId: string, transferType: string, purpose: string, endpoint: string, authorization: string): Record<string, unknown> {
  return {
    agreementId,
    transferType,
    ...(purpose ? { purpose } : {}),
    ...(transferType === PUSH ? { dataDestination: { endpoint, ...(authorization ? { authorization } : {}) } } : {}),
  };
}

/** Start a transfer from an agreement; for a push, the destination is asked for (and only then). */
export function transferForm(ctx: PageContext): HTMLFormElement {
  const agreement = h('input', { type: 'text', name: 'agreementId', required: true, value: ctx.query.get('agreement') ?? '' });
  const type = h(
    'select',
    { name: 'transferType' },
    h('option', { value: 'HttpData-PULL' }, 'HttpData-PULL (pull through an EDR)'),
    h('option', { value: PUSH }, 'HttpData-PUSH (the provider sends the data to a destination)'),
  );
  const purpose = h('input', { type: 'url', name: 'purpose', value: 'https://w3id.org/kontor/purpose/research' });
  const endpoint = h('input', { type: 'url', name: 'destinationEndpoint', placeholder: 'https://receiver.example/inbox' });
  const authorization = h('input', { type: 'password', name: 'destinationAuthorization', autocomplete: 'off', placeholder: 'optional' });
  const destination = h(
    'div',
    { 'data-testid': 'push-destination' },
    field('Destination URL', endpoint, 'Where the provider sends the data (http or https, no user:password@)'),
    field('Destination authorization', authorization, 'Optional: a bearer token the provider presents at the destination'),
  );
  const showDestination = () => {
    const push = type.value === PUSH;
    destination.hidden = !push;
    endpoint.required = push;
    endpoint.disabled = !push;
    authorization.disabled = !push;
  };
  type.addEventListener('change', showDestination);
  showDestination();
  const submit = h('button', { type: 'submit' }, 'Start transfer');
  const out = outcome();
  const form = h(
    'form',
    { 'aria-labelledby': 'start-title' },
    h('h2', { id: 'start-title' }, 'Start a transfer'),
    field('Agreement id', agreement),
    field('Transfer type', type),
    destination,
    field('Purpose', purpose, 'Sent to the provider; its contract policy may require one'),
    submit,
    out.el,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(submit, out, async () => {
      const body = transferBody(agreement.value, type.value, purpose.value, endpoint.value, authorization.value);
      const { id } = await post<{ id: string }>('/api/v1/transfers', body);
      ctx.go(`#/transfers/${enc(id)}`);
    });
  });
  return form;
}
