import { api, session } from './api.js';
import { field, h } from './dom.js';
import { describe } from './page.js';

/** The sign-in form: the key is checked with one authenticated call, then kept in session storage only. */
export function signInForm(onSignedIn: () => void): HTMLElement {
  const key = h('input', { type: 'password', name: 'apiKey', autocomplete: 'off', required: true });
  const error = h('p', { class: 'bad', role: 'alert' });
  const form = h(
    'form',
    { 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    h('p', {}, 'Enter the management API key of this connector. It is kept in this tab’s session storage only and sent as X-Api-Key.'),
    field('API key', key),
    h('button', { type: 'submit' }, 'Sign in'),
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    error.textContent = '';
    api('/api/v1/agreements?limit=1', { key: key.value })
      .then(() => {
        session.signIn(key.value);
        onSignedIn();
      })
      .catch((e: unknown) => {
        error.textContent = `Sign-in failed: ${describe(e)}`;
        key.focus();
      });
  });
  queueMicrotask(() => key.focus());
  return form;
}
