import { api, enc } from './api.js';
import { h, table } from './dom.js';
import { link, type Page } from './page.js';
import { newestFirst, offsetParam, pager } from './paging.js';
import { type Training, trainingDetail } from './training-detail.js';

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
  return trainingDetail(await api<Training>(`/api/v1/trainings/${enc(id)}`), ctx);
};
