import { api, enc, post } from './api.js';
import { accuracyChart, type RoundPoint } from './accuracy-chart.js';
import { code, facts, h, table } from './dom.js';
import { busy, link, outcome, type Page } from './page.js';
import { newestFirst, offsetParam, pager } from './paging.js';

interface Site {
  agreementId: string;
  siteDid: string;
  status: string;
  reason?: string | null;
  missedRounds: number;
}
interface Training {
  id: string;
  state: string;
  purpose: string;
  rounds: number;
  currentRound: number;
  errorDetail?: string | null;
  sites: Site[];
  metrics: RoundPoint[];
  createdAt?: string;
}

const LIVE = ['PREPARING', 'RUNNING'];
const LIMIT = 50;

/** Trainings this connector coordinates (newest first, a page at a time); `#/trainings/{id}` shows the accuracy per round (live while running) and each site. */
export const trainingsPage: Page = async (ctx) => {
  const [id] = ctx.params;
  if (!id) {
    const list = await newestFirst<Training>('/api/v1/trainings', LIMIT, offsetParam(ctx, 'offset'));
    return [
      h('h1', {}, 'Trainings'),
      h('p', { class: 'muted' }, `${list.total} in all.`),
      table('Trainings', ['Training', 'State', 'Round', 'Sites', 'Created'], list.items, (t) => [
        link(`#/trainings/${enc(t.id)}`, t.id),
        t.state,
        `${t.currentRound} / ${t.rounds}`,
        String(t.sites.length),
        t.createdAt ?? '—',
      ]),
      pager(ctx, 'trainings', 'offset', 'trainings', list),
    ];
  }
  const t = await api<Training>(`/api/v1/trainings/${enc(id)}`);
  if (LIVE.includes(t.state)) ctx.refreshIn(2000);
  const out = outcome();
  const stop = h('button', { type: 'button', class: 'secondary' }, 'Stop training');
  stop.addEventListener(
    'click',
    () =>
      void busy(stop, out, async () => {
        await post(`/api/v1/trainings/${enc(t.id)}/stop`);
        ctx.refresh();
      }),
  );
  return [
    h('h1', {}, `Training ${t.id}`),
    h('p', {}, link('#/trainings', '← All trainings')),
    facts([
      ['State', h('span', { 'data-testid': 'training-state' }, t.state)],
      ['Round', `${t.currentRound} / ${t.rounds}`],
      ['Purpose', code(t.purpose)],
      ['Error', t.errorDetail ?? '—'],
    ]),
    LIVE.includes(t.state) ? h('div', { class: 'actions' }, stop, h('span', { class: 'muted' }, 'Updates every 2 seconds while it runs.')) : null,
    out.el,
    h('h2', {}, 'Accuracy per round'),
    accuracyChart(t.metrics, t.rounds),
    h('h2', {}, 'Sites'),
    table('Sites', ['Site', 'Status', 'Missed rounds', 'Reason', 'Agreement'], t.sites, (site) => [
      code(site.siteDid),
      h('span', { class: site.status === 'dropped' ? 'bad' : 'ok' }, site.status),
      String(site.missedRounds),
      site.reason ?? '—',
      code(site.agreementId),
    ]),
  ];
};
