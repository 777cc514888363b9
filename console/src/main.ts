import { session, whenUnauthorized } from './api.js';
import { auditPage } from './audit-page.js';
import { catalogPage } from './catalog-page.js';
import { h } from './dom.js';
import { negotiationsPage } from './negotiations-page.js';
import { describe, type Page } from './page.js';
import { policyPage } from './policy-page.js';
import { parseRoute } from './route.js';
import { signInForm } from './sign-in.js';
import { trainingsPage } from './trainings-page.js';
import { transfersPage } from './transfers-page.js';

const PAGES: [name: string, title: string, page: Page][] = [
  ['catalog', 'Catalog', catalogPage],
  ['negotiations', 'Negotiations', negotiationsPage],
  ['transfers', 'Transfers', transfersPage],
  ['trainings', 'Trainings', trainingsPage],
  ['audit', 'Audit log', auditPage],
  ['policies', 'Policy editor', policyPage],
];

const top = document.getElementById('top') as HTMLElement;
const main = document.getElementById('main') as HTMLElement;
let leave: (() => void)[] = [];
let generation = 0;
let firstRender = true;

function shell(current: string): void {
  const nav = h(
    'nav',
    { 'aria-label': 'Console pages' },
    h('ul', {}, ...PAGES.map(([name, title]) => h('li', {}, h('a', { href: `#/${name}`, ...(name === current ? { 'aria-current': 'page' } : {}) }, title)))),
  );
  const out = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      onClick: () => {
        session.signOut();
        location.hash = '';
        render();
      },
    },
    'Sign out',
  );
  top.replaceChildren(h('strong', {}, 'Kontor console'), nav, out);
}

async function render(): Promise<void> {
  for (const stop of leave) stop();
  leave = [];
  generation += 1;
  const mine = generation;
  if (!session.key()) {
    top.replaceChildren(h('strong', {}, 'Kontor console'));
    main.replaceChildren(
      signInForm(() => {
        location.hash = '#/catalog';
        void render();
      }),
    );
    return;
  }
  const route = parseRoute(location.hash);
  const entry = PAGES.find(([n]) => n === route.name) ?? PAGES[0];
  if (!entry) return;
  shell(entry[0]);
  main.setAttribute('aria-busy', 'true');
  const refreshIn = (ms: number) => {
    const timer = setTimeout(() => void render(), ms);
    leave.push(() => clearTimeout(timer));
  };
  try {
    if (route.broken) throw new Error(route.broken);
    const nodes = await entry[2]({
      params: route.params,
      query: route.query,
      onLeave: (stop) => leave.push(stop),
      go: (hash) => {
        location.hash = hash;
      },
      refresh: () => void render(),
      refreshIn,
    });
    if (mine !== generation) return;
    main.replaceChildren(...nodes.filter((n): n is Node | string => n !== null && n !== undefined && n !== false).map((n) => (typeof n === 'number' ? String(n) : n)));
  } catch (error) {
    if (mine !== generation) return;
    main.replaceChildren(h('h1', {}, entry[1]), h('p', { class: 'bad', role: 'alert' }, describe(error)));
  }
  main.removeAttribute('aria-busy');
  document.title = `${entry[1]} · Kontor console`;
  (main.querySelector('h1') as HTMLElement | null)?.setAttribute('tabindex', '-1');
  // After a page change (not on load), keyboard and screen-reader users continue in the new content.
  if (!firstRender && (document.activeElement === document.body || document.activeElement === null)) main.focus();
  firstRender = false;
}

whenUnauthorized(() => {
  session.signOut();
  void render();
});
window.addEventListener('hashchange', () => void render());
void render();
