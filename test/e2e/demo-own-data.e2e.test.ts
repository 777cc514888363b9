import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeClinicCsvs } from '../helpers/clinic-csv.js';

// `npm run demo -- --data DIR --label COLUMN` as a user runs it: the built demo on CSV files the test writes.
const DEMO = join(process.cwd(), 'dist', 'examples', 'demo', 'run-demo.js');
let dir: string;
let run: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  if (!existsSync(DEMO)) throw new Error(`${DEMO} is missing: run npm run build (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'kontor-demo-own-'));
  mkdirSync(join(dir, 'data'));
  writeClinicCsvs(join(dir, 'data'), ['Harbour', 'Valley', 'Summit'], 240);
  run = await new Promise((resolve) => {
    const child = spawn(process.execPath, [DEMO, '--data', join(dir, 'data'), '--label', 'risk', '--rounds', '6', '--report', join(dir, 'report.json')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run demo -- --data DIR --label COLUMN', () => {
  it('should train one site per file to within 2 points of centralized training on the same rows, with the usual report', () => {
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Record<string, unknown> & {
      federatedAccuracy: number;
      centralizedAccuracy: number;
      siteAccuracies: Record<string, number>;
      rounds: { round: number }[];
    };
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        'dataset',
        'federatedAccuracy',
        'centralizedAccuracy',
        'siteAccuracies',
        'trainingId',
        'rounds',
        'deniedAttempts',
        'agreements',
        'deletionReceipts',
        'auditVerified',
        'didDocuments',
        'contexts',
        'chart',
        'predictions',
        'modelCredential',
        'modelCard',
      ]),
    );
    expect(Math.abs(report.federatedAccuracy - report.centralizedAccuracy)).toBeLessThanOrEqual(0.02);
    expect(Object.keys(report.siteAccuracies).sort()).toEqual(['harbour', 'summit', 'valley']);
    expect(report.rounds.map((r) => r.round)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(report.auditVerified).toBe(true);
  });

  it('should show accuracy per round as a sparkline and write an SVG chart beside the report', () => {
    expect(run.stdout).toMatch(/accuracy per round: [▁▂▃▄▅▆▇█]{6} \(\d+\.\d–\d+\.\d %\)/);
    const svg = readFileSync(join(dir, 'report.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.match(/<polyline points="([^"]+)"/)?.[1]?.split(' ')).toHaveLength(6);
  });
});
