const BARS = '▁▂▃▄▅▆▇█';

/** Accuracy per round as a terminal sparkline, scaled from the lowest to the highest round, with that range. */
export function sparkline(values: readonly number[]): string {
  const finite = values.filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const level = (v: number) => (hi - lo < 1e-9 ? Math.floor(BARS.length / 2) : Math.round(((v - lo) / (hi - lo)) * (BARS.length - 1)));
  const bars = values.map((v) => (Number.isFinite(v) ? BARS[level(v)] : ' ')).join('');
  return finite.length === 0 ? bars : `${bars} (${(lo * 100).toFixed(1)}–${(hi * 100).toFixed(1)} %)`;
}

/** Accuracy per round as an SVG line chart (rounds on x, 0–100 % on y), with the centralized baseline as a dashed line. */
export function accuracyChart(values: readonly number[], centralized: number, title: string): string {
  const w = 640;
  const h = 320;
  const pad = 48;
  const x = (i: number) => pad + ((w - 2 * pad) * i) / Math.max(1, values.length - 1);
  const y = (v: number) => h - pad - (h - 2 * pad) * Math.max(0, Math.min(1, Number.isFinite(v) ? v : 0));
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<line x1="${pad}" x2="${w - pad}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/><text x="${pad - 8}" y="${y(t) + 4}" text-anchor="end">${t * 100} %</text>`)
    .join('');
  const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<title>${escapeXml(title)}</title><text x="${w / 2}" y="24" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    ticks,
    `<line x1="${pad}" x2="${w - pad}" y1="${y(centralized)}" y2="${y(centralized)}" stroke="#999" stroke-dasharray="6 4"/><text x="${w - pad}" y="${y(centralized) - 6}" text-anchor="end" fill="#666">centralized ${(centralized * 100).toFixed(1)} %</text>`,
    `<polyline points="${points}" fill="none" stroke="#1f77b4" stroke-width="2"/>`,
    `<text x="${w / 2}" y="${h - 12}" text-anchor="middle">round (1–${values.length}), federated accuracy on the held-out rows</text>`,
    '</svg>',
    '',
  ].join('\n');
}
