import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { circles, connectorEdges, FEATURES, FLOORS, folderOf, levelOf, renderFloors } from './connector-floors.js';
import { ROOT, sourceFiles } from './source-files.js';

const edges = connectorEdges(sourceFiles().filter((f) => !f.isTest));
const placed: readonly string[] = FLOORS.flatMap((f) => f.folders);

describe('floors inside connector/', () => {
  it('should place every folder of connector/ on a floor', () => {
    const folders = readdirSync(join(ROOT, 'connector')).filter((name) => statSync(join(ROOT, 'connector', name)).isDirectory());
    expect(folders.filter((name) => folderOf(`connector/${name}/x.ts`) === undefined)).toEqual([]);
    expect(placed.filter((f) => f !== '(root)' && !statSync(join(ROOT, 'connector', f), { throwIfNoEntry: false })?.isDirectory())).toEqual([]);
  });

  it('should never import from a floor above', () => {
    const up = edges.filter((e) => levelOf(e.to) > levelOf(e.from)).map((e) => `${e.file} (${FLOORS[levelOf(e.from)]?.name}) → ${e.target} (${FLOORS[levelOf(e.to)]?.name})`);
    expect(up).toEqual([]);
  });

  it('should enter a feature only through its index.ts', () => {
    const internals = edges.filter((e) => FEATURES.includes(e.to) && e.target !== `connector/${e.to}/index.js`).map((e) => `${e.file} → ${e.target}`);
    expect(internals).toEqual([]);
  });

  it('should have no circle of imports between folders', () => {
    expect(circles(edges)).toEqual([]);
  });

  it('should keep the database handle inside the store (only the SQL stores and the cluster bus use it)', () => {
    const holders = sourceFiles()
      .filter((f) => f.top === 'connector' && !f.isTest && /from '[./]+(?:store\/)?database\.js'/.test(f.text))
      .map((f) => f.path);
    expect(holders.filter((p) => !p.startsWith('connector/store/') && !p.startsWith('connector/cluster/'))).toEqual([]);
    expect(holders.length).toBeGreaterThan(0);
  });

  it('should hand the folders below the wiring their slice of the configuration, not the whole of it', () => {
    const whole = sourceFiles()
      .filter((f) => f.top === 'connector' && !f.isTest && levelOf(folderOf(f.path) ?? '') < levelOf('(root)') && !f.path.startsWith('connector/config/'))
      .filter((f) => /:\s*KontorConfig\b/.test(f.text))
      .map((f) => f.path);
    expect(whole).toEqual([]);
  });

  it('should find the rule broken when it is (the checks above can fail)', () => {
    const file = (path: string, text: string) => ({ path, top: 'connector', text, isTest: false, isGenerated: false });
    const bad = connectorEdges([
      file('connector/store/x.ts', "import { a } from '../negotiation/negotiation-service.js';"),
      file('connector/negotiation/y.ts', "import { b } from '../store/x.js';"),
    ]);
    expect(bad.map((e) => `${e.from}→${e.to}`)).toEqual(['store→negotiation', 'negotiation→store']);
    expect(levelOf('store')).toBeLessThan(levelOf('negotiation'));
    expect(circles(bad)).toEqual(['negotiation → store → negotiation']);
  });

  it('should keep the drawing in docs/ in step with the code', async () => {
    await expect(renderFloors(edges)).toMatchFileSnapshot('../../docs/connector-floors.md');
  });
});
