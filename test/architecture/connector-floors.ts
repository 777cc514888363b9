import { dirname, join, normalize } from 'node:path';
import type { SourceFile } from './source-files.js';

/**
 * The floors inside connector/, from the ground up. A folder may import its own floor and the floors below it, never
 * one above; a feature is entered only through its index.ts; and no two folders import each other, directly or round
 * a circle. A path belongs to the longest prefix listed (store/sql sits above the features whose stores it implements).
 */
export const FLOORS = [
  { name: 'infrastructure', folders: ['config', 'http', 'statemachine', 'peer', 'store', 'cluster'] },
  { name: 'features', folders: ['audit', 'webhooks', 'identity', 'offers', 'negotiation', 'transfer', 'usage', 'dataplane', 'training', 'federation', 'authority', 'replicas'] },
  { name: 'stores', folders: ['store/sql'] },
  { name: 'edge', folders: ['api', 'dsp', 'health', 'metrics', 'tck'] },
  { name: 'wiring', folders: ['(root)', 'cli', 'dataspace'] },
] as const;

export const FEATURES: readonly string[] = FLOORS[1].folders;

const PREFIXES = FLOORS.flatMap((floor, level) => floor.folders.map((folder) => ({ folder, level }))).sort((a, b) => b.folder.length - a.folder.length);

/** The floor folder a path inside connector/ belongs to (files directly in connector/ are '(root)'). */
export function folderOf(path: string): string | undefined {
  const inside = path.slice('connector/'.length);
  if (!inside.includes('/')) return '(root)';
  return PREFIXES.find((p) => inside.startsWith(`${p.folder}/`))?.folder;
}

export function levelOf(folder: string): number {
  return PREFIXES.find((p) => p.folder === folder)?.level ?? -1;
}

export interface ImportEdge {
  from: string;
  to: string;
  file: string;
  target: string;
}

const specifiers = (text: string) => [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1] ?? '');

/** Every import from one floor folder of connector/ into another, by file. */
export function connectorEdges(files: readonly SourceFile[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of files.filter((f) => f.top === 'connector')) {
    const from = folderOf(file.path);
    for (const spec of specifiers(file.text)) {
      const target = normalize(join(dirname(file.path), spec));
      if (!target.startsWith('connector/')) continue;
      const to = folderOf(target);
      if (from !== to) edges.push({ from: from ?? `? ${file.path}`, to: to ?? `? ${target}`, file: file.path, target });
    }
  }
  return edges;
}

/** The folders on a circle of imports, one line per circle found (empty when the folder graph is acyclic). */
export function circles(edges: readonly ImportEdge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to));
  const found: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, path: string[]) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') {
      found.push([...path.slice(path.indexOf(node)), node].join(' → '));
      return;
    }
    state.set(node, 'open');
    for (const to of next.get(node) ?? []) visit(to, [...path, node]);
    state.set(node, 'done');
  };
  for (const node of [...next.keys()].sort()) visit(node, []);
  return found;
}

const node = (folder: string) => folder.replace(/[^a-z]/g, '_') || 'root';

/** The drawing of the floors and the imports between folders (docs/connector-floors.md), from the code. */
export function renderFloors(edges: readonly ImportEdge[]): string {
  const counts = new Map<string, number>();
  for (const e of edges) counts.set(`${e.from}|${e.to}`, (counts.get(`${e.from}|${e.to}`) ?? 0) + 1);
  const arrows = [...counts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => {
      const [from, to] = key.split('|') as [string, string];
      return `  ${node(from)} -->|${n}| ${node(to)}`;
    });
  const floors = [...FLOORS].reverse().map((floor) => [`  subgraph ${floor.name}`, ...floor.folders.map((f) => `    ${node(f)}["${f}"]`), '  end'].join('\n'));
  const table = FLOORS.flatMap((floor, level) =>
    floor.folders.map((folder) => {
      const uses = [...new Set(edges.filter((e) => e.from === folder).map((e) => e.to))].sort();
      return `| ${level} ${floor.name} | \`${folder}\` | ${uses.map((u) => `\`${u}\``).join(', ') || '—'} |`;
    }),
  );
  return [
    '# Floors inside connector/',
    '',
    'Generated from the code by `test/architecture/connector-floors.test.ts` (`npm run gen:floors` rewrites it; the test',
    'fails when it is out of step). A folder imports only its own floor and the floors below; a feature is entered only',
    'through its `index.ts`; no circle. Arrows are imports between folders (tests not counted), labelled with how many.',
    '',
    '```mermaid',
    'flowchart TB',
    ...floors,
    ...arrows,
    '```',
    '',
    '| floor | folder | imports from |',
    '|---|---|---|',
    ...table,
    '',
  ].join('\n');
}
