import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-training-files-'));
const fifo = join(dir, 'rows.pipe');
const schema = { features: [{ name: 'x', type: 'numeric' }], label: { name: 'y', classes: ['a', 'b'] }, missingValues: { rule: 'drop' } };
let node: RunningConnector;

beforeAll(async () => {
  execFileSync('mkfifo', [fifo]);
  node = await startConnector('sqlite');
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
  rmSync(dir, { recursive: true, force: true });
});

const create = async (id: string, dataAddress: Record<string, unknown>) => {
  const response = await node.api('/api/v1/assets', { method: 'POST', json: { id, properties: { title: id }, dataAddress: { type: 'TrainingData', schema, ...dataAddress } } });
  const text = await response.text();
  return { status: response.status, size: text.length, body: JSON.parse(text) as { code: string; detail: string; errors: { pointer: string; message: string }[] } };
};

describe('TrainingData files the management API refuses at once, with a short answer', () => {
  it('should refuse a FIFO and a device as the path, naming /dataAddress/path, and stay responsive', { timeout: 15_000 }, async () => {
    for (const [id, path, kind] of [
      ['pipe', fifo, 'a FIFO (named pipe)'],
      ['zero', '/dev/zero', 'a character device'],
    ]) {
      const { status, body } = await create(id as string, { format: 'csv', path });
      expect(status).toBe(400);
      expect(body.errors).toEqual([{ pointer: '/dataAddress/path', message: `unreadable file: ${path} is ${kind}, not a regular file: own data must be a regular file` }]);
    }
    expect((await node.api('/api/v1/assets')).status).toBe(200);
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
