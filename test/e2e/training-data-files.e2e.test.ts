import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

const top = mkdtempSync(join(tmpdir(), 'kontor-training-files-'));
/** The site's data root (training.dataRoot); `top` holds it and a file outside it. */
const dir = join(top, 'data');
mkdirSync(dir);
const fifo = join(dir, 'rows.pipe');
const schema = { features: [{ name: 'x', type: 'numeric' }], label: { name: 'y', classes: ['a', 'b'] }, missingValues: { rule: 'drop' } };
let node: RunningConnector;

beforeAll(async () => {
  execFileSync('mkfifo', [fifo]);
  node = await startConnector('sqlite', {}, { 'training.dataRoot': dir });
});
// A reader stuck in open() on the FIFO (without the fix) is let go, so a failing run ends.
afterEach(() => {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
  } catch {
    // no reader waiting
  }
});
afterAll(async () => {
  await node?.stop();
  rmSync(top, { recursive: true, force: true });
});

const create = async (id: string, dataAddress: Record<string, unknown>) => {
  const response = await node.api('/api/v1/assets', { method: 'POST', json: { id, properties: { title: id }, dataAddress: { type: 'TrainingData', schema, ...dataAddress } } });
  const text = await response.text();
  return { status: response.status, size: text.length, body: JSON.parse(text) as { code: string; detail: string; errors: { pointer: string; message: string }[] } };
};

describe('TrainingData files the management API refuses at once, with a short answer', () => {
  it('should refuse a FIFO as the path, naming /dataAddress/path, and stay responsive', { timeout: 15_000 }, async () => {
    const { status, body } = await create('pipe', { format: 'csv', path: fifo });
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      { pointer: '/dataAddress/path', message: `unreadable file: ${fifo} is a FIFO (named pipe), not a regular file: own data must be a regular file` },
    ]);
    expect((await node.api('/api/v1/assets')).status).toBe(200);
  });

  it('should refuse a file outside training.dataRoot (a device, .., a link leading out) with 400 naming /dataAddress/path, never its content', async () => {
    const secret = join(top, 'secret.csv');
    writeFileSync(secret, 'x,y\nSECRET-CELL,a\n');
    symlinkSync(secret, join(dir, 'leak.csv'));
    for (const [id, path, message] of [
      ['zero', '/dev/zero', /^lies outside the data root \(training\.dataRoot\)/],
      ['shadow', '/etc/shadow', /^lies outside the data root \(training\.dataRoot\)/],
      ['up', `${dir}/../secret.csv`, /^lies outside the data root \(training\.dataRoot\)/],
      ['itself', dir, /^names the data root itself \(training\.dataRoot\)/],
      ['leak', join(dir, 'leak.csv'), /^lies outside the data root \(training\.dataRoot\) once its symbolic links are followed/],
    ] as const) {
      const { status, body, size } = await create(id, { format: 'csv', path });
      expect([id, status, body.code]).toEqual([id, 400, 'VALIDATION_FAILED']);
      expect(body.errors).toEqual([{ pointer: '/dataAddress/path', message: expect.stringMatching(message) }]);
      expect(JSON.stringify(body)).not.toContain('SECRET-CELL');
      expect(JSON.stringify(body)).not.toContain('secret');
      expect(size).toBeLessThan(1000);
    }
  });

  it('should refuse a record above 1 MiB naming its line, and quote a long bad cell by 64 characters only', { timeout: 15_000 }, async () => {
    const huge = join(dir, 'huge.csv');
    writeFileSync(huge, `x,y\n1,a\n${'7'.repeat(5_000_000)},b\n`);
    const tooLong = await create('huge', { format: 'csv', path: huge });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors).toEqual([
      { pointer: '/dataAddress/path', message: 'unreadable file: line 3 holds a record longer than 1048576 bytes (1 MiB), the most a CSV record may hold' },
    ]);
    const long = join(dir, 'long.csv');
    writeFileSync(long, `x,y\n1,a\n${'z'.repeat(900_000)},b\n`);
    const quoted = await create('long', { format: 'csv', path: long });
    expect(quoted.body.errors[0]?.message).toContain(`e.g. '${'z'.repeat(64)}…' (data rows 2)`);
    expect(quoted.size).toBeLessThan(2000);
  });

  it('should refuse finite numbers above 1e100, whose squares would overflow the feature statistics', async () => {
    const big = join(dir, 'big.csv');
    writeFileSync(big, 'x,y\n1,a\n1.5e308,b\n2,b\n');
    const { status, body } = await create('big', { format: 'csv', path: big });
    expect(status).toBe(400);
    expect(body.errors[0]?.message).toBe("wrong type: 1 value(s) of feature 'x' are not a number within ±1e100, e.g. '1.5e308' (data rows 2)");
  });
});
