import { createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';
import { edr, negotiate, offerFiles, pull, RESEARCH, startTransfer } from '../helpers/transfer-fixture.js';

const MiB = 1 << 20;
/**
 * Large against the bound below: streaming leaves garbage buffers until V8 collects them (20–65 MiB of RSS growth seen
 * at 100 MiB), while a buffered copy holds the whole file at once.
 */
const SIZE_MIB = 192;
const RSS_BOUND_MIB = 128;

/** Writes SIZE_MIB MiB of pseudo-random bytes (each MiB different) and returns their SHA-256. */
function writeBigFile(path: string): string {
  const hash = createHash('sha256');
  const block = randomBytes(MiB);
  const fd = openSync(path, 'w');
  try {
    for (let i = 0; i < SIZE_MIB; i++) {
      block.writeUInt32BE(i, 0);
      hash.update(block);
      writeSync(fd, block);
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

describe.each(BACKENDS)(`a ${SIZE_MIB} MiB pull on $backend`, ({ backend, skip }) => {
  let provider: RunningConnector;
  let consumer: RunningConnector;
  let dataRoot: string;
  let expected: string;

  beforeAll(async () => {
    if (skip) return;
    dataRoot = mkdtempSync(join(tmpdir(), 'kontor-bulk-'));
    expected = writeBigFile(join(dataRoot, 'big.bin'));
    provider = await startConnector(backend, {}, { 'dataPlane.fileRoot': dataRoot });
    consumer = await startConnector(backend, {});
    await offerFiles(provider, [{ id: 'big', path: 'big.bin' }]);
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });

  it.skipIf(skip)(
    'should stream it intact without the process holding it in memory',
    async () => {
      const agreementId = await negotiate(consumer, provider, 'big');
      const { id } = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
      const address = await edr(consumer, id);
      // Provider and consumer share this process: a buffered copy on either side would show as SIZE_MIB more RSS,
      // also one read before the response starts (hence the baseline before the request).
      const rssBefore = process.memoryUsage().rss;
      const res = await pull(address);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-length')).toBe(String(SIZE_MIB * MiB));
      let peak = rssBefore;
      const hash = createHash('sha256');
      let bytes = 0;
      for await (const chunk of Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>)) {
        hash.update(chunk as Buffer);
        bytes += (chunk as Buffer).length;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      expect(bytes).toBe(SIZE_MIB * MiB);
      expect(hash.digest('hex')).toBe(expected);
      expect(peak - rssBefore).toBeLessThan(RSS_BOUND_MIB * MiB);
    },
    120_000,
  );
});
