import { it } from "vitest";
import { sourceFiles } from './source-files.js';
import { connectorEdges, circles, levelOf, FEATURES } from './connector-floors.js';
it("x", () => {
const files = sourceFiles().filter((f) => !f.isTest);
const edges = connectorEdges(files);
const up = edges.filter((e) => levelOf(e.to) > levelOf(e.from) || levelOf(e.from) < 0 || levelOf(e.to) < 0);
console.log('UP', up.length); for (const e of up) console.log(`  ${e.from} -> ${e.to}: ${e.file} => ${e.target}`);
const internals = edges.filter((e) => FEATURES.includes(e.to) && !e.target.endsWith(`connector/${e.to}/index.js`));
console.log('INTERNALS', internals.length);
const byTo = new Map(); for (const e of internals) byTo.set(e.to, (byTo.get(e.to) ?? 0) + 1); console.log([...byTo]);
console.log('CIRCLES'); for (const c of circles(edges)) console.log('  ' + c);
});
it('y', () => {
  const edges = connectorEdges(sourceFiles().filter((f) => !f.isTest));
  for (const e of edges) if (['identity>negotiation','negotiation>identity','negotiation>usage','usage>training','transfer>usage','outbox>store/sql','store/sql>outbox','training>usage'].includes(`${e.from}>${e.to}`)) console.log(`E ${e.from}>${e.to} ${e.file} => ${e.target}`);
});
