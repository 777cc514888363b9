import { h, s } from './dom.js';

export interface RoundPoint {
  round: number;
  accuracy: number;
}

const W = 480;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 32 };

/** Accuracy per round as an inline SVG line chart (0–100 %), with a text alternative for screen readers. */
export function accuracyChart(points: readonly RoundPoint[], rounds: number): Element {
  const usable = points.filter((p) => Number.isFinite(p.accuracy));
  if (usable.length === 0) return h('p', { class: 'muted' }, 'No round has been evaluated yet.');
  const lastRound = Math.max(rounds, ...usable.map((p) => p.round), 1);
  const x = (round: number) => PAD.left + ((round - 1) / Math.max(lastRound - 1, 1)) * (W - PAD.left - PAD.right);
  const y = (accuracy: number) => PAD.top + (1 - accuracy) * (H - PAD.top - PAD.bottom);
  const summary = `Accuracy per round: ${usable.map((p) => `round ${p.round} ${(p.accuracy * 100).toFixed(1)} %`).join(', ')}`;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return s(
    'svg',
    { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': summary, 'data-testid': 'accuracy-chart' },
    s('title', {}, summary),
    ...ticks.flatMap((t) => [
      s('line', { class: 'axis', x1: PAD.left, x2: W - PAD.right, y1: y(t), y2: y(t), 'stroke-opacity': t === 0 ? 1 : 0.2 }),
      s('text', { x: 4, y: y(t) + 4 }, `${t * 100} %`),
    ]),
    s('text', { x: PAD.left, y: H - 8 }, 'round 1'),
    s('text', { x: W - PAD.right - 60, y: H - 8 }, `round ${lastRound}`),
    s('polyline', { class: 'line', points: usable.map((p) => `${x(p.round).toFixed(1)},${y(p.accuracy).toFixed(1)}`).join(' ') }),
    ...usable.map((p) =>
      s('circle', { class: 'point', cx: x(p.round).toFixed(1), cy: y(p.accuracy).toFixed(1), r: 3 }, s('title', {}, `round ${p.round}: ${(p.accuracy * 100).toFixed(1)} %`)),
    ),
  );
}
