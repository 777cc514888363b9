import { type RoundPoint, accuracyChart } from './accuracy-chart.js';
import { api, enc, post } from './api.js';
import { code, facts, h, table } from './dom.js';
import { busy, describe, link, outcome, type PageContext } from './page.js';
import { POLL_MS, poll } from './poller.js';

interface Site {
  agreementId: string;
  siteDid: string;
  status: string;
  reason?: string | null;
  missedRounds: number;
}
export interface Training {
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

/**
 * One training: its facts, the accuracy per round and each site, read again every few seconds while it runs. A refresh
 * replaces those in place: the outcome of "Stop training" (or its error) and the focus stay.
 */
export function trainingDetail(first: Training, ctx: PageContext): Node[] {
  const out = outcome();
  const path = `/api/v1/trainings/${enc(first.id)}`;
  let current = first;
  const [factsBox, chartBox, sitesBox] = [h('div'), h('div'), h('div')];
  const note = h('span', { class: 'muted', role: 'status' });
  const stop = h('button', { type: 'button', class: 'secondary' }, 'Stop training');
  // .actions is a flex box, which `hidden` does not override: the plain box around it is hidden instead.
  const controls = h('div', {}, h('div', { class: 'actions' }, stop, h('span', { class: 'muted' }, `Updates every ${POLL_MS / 1000} seconds while it runs.`)));

  const reload = async () => {
    try {
      show(await api<Training>(path));
      note.textContent = '';
    } catch (error) {
      note.textContent = `Could not refresh: ${describe(error)}`;
    }
  };
  stop.addEventListener(
    'click',
    () =>
      void busy(stop, out, async () => {
        show(await post<Training>(`${path}/stop`));
        out.ok('Stop training: done.');
      }),
  );
  function show(t: Training): void {
    current = t;
    factsBox.replaceChildren(
      facts([
        ['State', h('span', { 'data-testid': 'training-state' }, t.state)],
        ['Round', `${t.currentRound} / ${t.rounds}`],
        ['Purpose', code(t.purpose)],
        ['Error', t.errorDetail ?? '—'],
      ]),
    );
    chartBox.replaceChildren(accuracyChart(t.metrics, t.rounds));
    sitesBox.replaceChildren(
      table('Sites', ['Site', 'Status', 'Missed rounds', 'Reason', 'Agreement'], t.sites, (site) => [
        code(site.siteDid),
        h('span', { class: site.status === 'dropped' ? 'bad' : 'ok' }, site.status),
        String(site.missedRounds),
        site.reason ?? '—',
        code(site.agreementId),
      ]),
    );
    controls.hidden = !LIVE.includes(t.state);
  }
  show(first);
  // No form field on this page to protect: a refresh only ever replaces the boxes above.
  poll(ctx, POLL_MS, reload, { wanted: () => LIVE.includes(current.state), paused: () => false });
  const refresh = h('button', { type: 'button', class: 'secondary', onClick: () => void reload() }, 'Refresh');
  return [
    h('h1', {}, `Training ${first.id}`),
    h('p', {}, link('#/trainings', '← All trainings'), ' ', refresh, ' ', note),
    factsBox,
    controls,
    out.el,
    h('h2', {}, 'Accuracy per round'),
    chartBox,
    h('h2', {}, 'Sites'),
    sitesBox,
  ];
}
