import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, report } from './measure.js';

const MiB = 1 << 20;
const SIZE_MIB = 1024;
const ROUNDS = 3;

interface ChildResult {
  bytes: number;
  seconds: number;
  maxRssMiB: number;
}

/** Runs one side in a fresh node process (so each peak RSS is its own), bounded at 100 s. */
function child(mode: 'dataplane' | 'raw', file: string): Promise<ChildResult> {
  const script = fileURLToPath(new URL('./transfer-bench-child.js', import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, mode, file], { timeout: 100_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${mode} child failed: ${error.message}\n${stderr}`));
      const line = stdout.trim().split('\n').pop() ?? '';
      resolve(JSON.parse(line) as ChildResult);
    });
  });
}

/**
 * An HTTP pull of 1 GiB through the connector's data plane (token check, policy evaluation, File source, streaming)
 * against a raw node:http pipe of the same file on loopback, in the same run: throughput, ratio, peak RSS of each.
 */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-transfer-bench-'));
  const file = join(dir, 'one-gib.bin');
  try {
    const block = randomBytes(MiB);
    const fd = openSync(file, 'w');
    for (let i = 0; i < SIZE_MIB; i++) {
      block.writeUInt32BE(i, 0);
      writeSync(fd, block);
    }
    closeSync(fd);
    // Alternate the two sides so a busy machine slows both alike; report medians and the highest peak.
    const raw: ChildResult[] = [];
    const plane: ChildResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      raw.push(await child('raw', file));
      plane.push(await child('dataplane', file));
    }
    for (const r of [...raw, ...plane]) if (r.bytes !== SIZE_MIB * MiB) throw new Error(`received ${r.bytes} bytes, expected ${SIZE_MIB * MiB}`);
    const throughput = (rs: ChildResult[]) => median(rs.map((r) => SIZE_MIB / r.seconds));
    const peak = (rs: ChildResult[]) => Math.max(...rs.map((r) => r.maxRssMiB));
    report(
      `transfer: HTTP pull of 1 GiB on loopback (File source, SQLite, dev identity; median of ${ROUNDS} alternating runs)`,
      [
        { label: 'data plane pull, throughput', value: throughput(plane), unit: 'MiB/s' },
        { label: 'raw node:http pipe (baseline), throughput', value: throughput(raw), unit: 'MiB/s' },
        { label: 'data plane process (2 connectors + client), peak RSS', value: peak(plane), unit: 'MiB' },
        { label: 'raw pipe process (server + client), peak RSS', value: peak(raw), unit: 'MiB' },
      ],
      { label: 'data plane / raw pipe throughput', value: throughput(plane) / throughput(raw) },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
