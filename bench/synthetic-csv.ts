import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { gaussian, seededRandom } from '../connector/training/backend/seeded-random.js';

export const SYNTHETIC_LABEL = 'outcome';
const KINDS = ['alpha', 'beta', 'gamma'];

/**
 * One synthetic row (deterministic from `random`): six numeric measurements, a categorical `kind`, and a binary
 * label that depends on them non-linearly (products, a sine, a circle), so that an MLP beats a linear model. About
 * one `m6` in 200 is missing (the schema imputes it).
 */
function row(random: () => number): string {
  const m = Array.from({ length: 6 }, () => gaussian(random));
  const kind = Math.floor(random() * KINDS.length);
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
  const score = Math.sin(2 * a) * b + c * d - (e * e + f * f - 1.4) + (kind - 1) * 0.6 * a + 0.3 * gaussian(random);
  const cells = m.map((v, i) => (i === 5 && random() < 0.005 ? '' : v.toFixed(4)));
  return `${cells.join(',')},${KINDS[kind]},${score > 0 ? 'yes' : 'no'}\n`;
}

/**
 * Writes `rows` rows, or rows until the file holds at least `bytes` bytes, to `path`, streamed (a bounded buffer
 * whatever the size); the same seed always gives the same file. Returns the rows and bytes written.
 */
export async function writeSyntheticCsv(path: string, seed: number, limit: { rows?: number; bytes?: number }): Promise<{ rows: number; bytes: number }> {
  const random = seededRandom(seed);
  const out = createWriteStream(path);
  let bytes = 0;
  let rows = 0;
  const header = `m1,m2,m3,m4,m5,m6,kind,${SYNTHETIC_LABEL}\n`;
  out.write(header);
  bytes += header.length;
  const more = () => (limit.rows !== undefined ? rows < limit.rows : bytes < (limit.bytes ?? 0));
  while (more()) {
    let chunk = '';
    for (let i = 0; i < 2000 && more(); i++) {
      const line = row(random);
      chunk += line;
      bytes += line.length;
      rows++;
    }
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { rows, bytes };
}
