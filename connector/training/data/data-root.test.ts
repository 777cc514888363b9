import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOwnData } from './check-own-data.js';
import { confinedPath, dataRootProblem, ownDataRootViolations } from './data-root.js';
import { confinedOpener } from './open-own-table.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-data-root-'));
const root = join(dir, 'root');
mkdirSync(join(root, 'sub'), { recursive: true });
const inside = join(root, 'sub', 'site.csv');
writeFileSync(inside, 'x,y\n1,a\n2,b\n3,a\n4,b\n');
const secret = join(dir, 'secret.csv');
writeFileSync(secret, 'x,y\nSECRET-CELL,a\n');
const schema = { features: [{ name: 'x', type: 'numeric' }], label: { name: 'y', classes: ['a', 'b'] }, missingValues: { rule: 'drop' } };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as { code?: string; violations?: { pointer: string; message: string }[]; message: string },
  );

describe('the data root of own training data (training.dataRoot), lexically', () => {
  it('should take a path below the root and refuse .., an absolute path outside, and the root itself, never telling where the root is', () => {
    expect(dataRootProblem(inside, root)).toBeUndefined();
    expect(dataRootProblem(`${root}/sub/../sub/site.csv`, root)).toBeUndefined();
    for (const path of [`${root}/../secret.csv`, '/etc/shadow', secret, `${root}-sibling/site.csv`, root, `${root}/`, `${root}/sub/..`]) {
      const problem = dataRootProblem(path, root);
      expect([path, problem]).toEqual([path, expect.stringMatching(/data root.*\(training\.dataRoot\)/)]);
      expect(problem).not.toContain(dir);
    }
  });

  it('should take no file at all without a root, naming the setting and its variable', () => {
    expect(dataRootProblem(inside, undefined)).toMatch(/need the setting training\.dataRoot \(KONTOR_TRAINING_DATA_ROOT\)/);
    expect(ownDataRootViolations({ type: 'TrainingData', format: 'csv', path: inside, schema }, undefined)).toEqual([
      { pointer: '/dataAddress/path', message: expect.stringMatching(/training\.dataRoot/) },
    ]);
    expect(ownDataRootViolations({ type: 'TrainingData', source: 'vega-datasets/penguins' }, undefined)).toEqual([]);
  });
});

describe('the data root when a file is opened (symbolic links followed)', () => {
  it('should give the real path of a file below the root, through a link that stays inside', async () => {
    const link = join(root, 'inner-link.csv');
    symlinkSync(inside, link);
    expect(await confinedPath(link, root, 'path')).toBe(inside);
    expect(await confinedPath(inside, root, 'path')).toBe(inside);
  });

  it('should refuse a link inside the root that leads outside, and a linked folder that does, naming the field but not the target', async () => {
    const link = join(root, 'escape.csv');
    symlinkSync(secret, link);
    symlinkSync(dir, join(root, 'up'));
    for (const path of [link, join(root, 'up', 'secret.csv')]) {
      const error = await failure(confinedPath(path, root, 'path'));
      expect(error?.code).toBe('VALIDATION_FAILED');
      expect(error?.violations).toEqual([
        { pointer: '/dataAddress/path', message: expect.stringMatching(/lies outside the data root \(training\.dataRoot\) once its symbolic links are followed/) },
      ]);
      expect(JSON.stringify(error?.violations)).not.toContain('secret');
    }
    expect((await failure(confinedPath(link, undefined, 'urlFile')))?.violations?.[0]?.pointer).toBe('/dataAddress/urlFile');
  });

  it('should refuse the lexical cases at open too (.., outside, the root itself), and a missing file as unreadable', async () => {
    for (const path of [`${root}/../secret.csv`, secret, root]) expect((await failure(confinedPath(path, root, 'path')))?.code).toBe('VALIDATION_FAILED');
    expect((await failure(confinedPath(join(root, 'absent.csv'), root, 'path')))?.message).toMatch(/absent\.csv does not exist/);
  });

  it('should refuse a file swapped for a link out of the root after it was checked, without quoting its cells', async () => {
    const path = join(root, 'swapped.csv');
    writeFileSync(path, 'x,y\n1,a\n2,b\n');
    const open = confinedOpener(root);
    const address = { type: 'TrainingData', format: 'csv', path, schema };
    expect((await checkOwnData(address, open)).result.rows).toBe(2);
    unlinkSync(path);
    symlinkSync(secret, path);
    const error = await failure(checkOwnData(address, open));
    expect(error?.code).toBe('VALIDATION_FAILED');
    expect(error?.violations).toEqual([{ pointer: '/dataAddress/path', message: expect.stringMatching(/outside the data root/) }]);
    expect(JSON.stringify(error)).not.toContain('SECRET-CELL');
  });
});
