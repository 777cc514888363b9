import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { startConnector } from '../test/helpers/start-connector.js';
import { edr, negotiate, offerFiles, RESEARCH, startTransfer } from '../test/helpers/transfer-fixture.js';

/**
 * One side of the transfer benchmark, in its own process so its peak RSS is its own: `dataplane FILE` pulls FILE
 * through two connectors' data plane (negotiation and transfer first, untimed); `raw FILE` pulls it from a bare
 * node:http server that pipes the file. Both download with the same fetch loop and print one JSON line.
 */
async function download(url: string, authorization?: string): Promise<{ bytes: number; seconds: number }> {
  const start = performance.now();
  const res = await fetch(url, authorization ? { headers: { authorization } } : {});
  if (res.status !== 200 || !res.body) throw new Error(`download answered ${res.status}`);
  let bytes = 0;
  for await (const chunk of res.body) bytes += (chunk as Uint8Array).byteLength;
  return { bytes, seconds: (performance.now() - start) / 1000 };
}

async function viaDataPlane(file: string) {
  const provider = await startConnector('sqlite', {}, { 'dataPlane.fileRoot': dirname(file) });
  const consumer = await startConnector('sqlite', {});
  try {
    await offerFiles(provider, [{ id: 'big', path: basename(file) }]);
    const agreementId = await negotiate(consumer, provider, 'big');
    const { id } = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const e = await edr(consumer, id);
    return await download(e.endpoint, `Bearer ${e.token}`);
  } finally {
    await consumer.stop();
    await provider.stop();
  }
}

async function viaRawPipe(file: string) {
  const size = statSync(file).size;
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
    pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await download(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

const [mode, file] = process.argv.slice(2);
if (!file || (mode !== 'dataplane' && mode !== 'raw')) throw new Error('usage: transfer-bench-child.js dataplane|raw FILE');
const result = mode === 'dataplane' ? await viaDataPlane(file) : await viaRawPipe(file);
console.log(JSON.stringify({ ...result, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
