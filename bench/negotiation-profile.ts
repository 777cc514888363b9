import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuProfile } from './cpu-profile.js';
import { negotiateOnce, publishOffer, withParties } from './negotiation-party.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/**
 * `node dist/bench/negotiation-profile.js [real|dev] [count] [file]`: a V8 CPU profile of `count` (default 200)
 * negotiations with the real identity (the negotiation bench's second half) or the development one, written to `file`, and the share of self time per
 * package printed (node_modules/<package>, or the project folder for our own code). Given a `.cpuprofile` file
 * instead, only summarises it.
 */
async function main(): Promise<void> {
  if (process.argv[2]?.endsWith('.cpuprofile')) return summarise(process.argv[2]);
  const identity = process.argv[2] === 'dev' ? 'dev' : 'real';
  const count = Number(process.argv[3] ?? 200);
  const file = process.argv[4] ?? join(tmpdir(), `kontor-negotiation-${identity}.cpuprofile`);
  await withParties(identity, async (provider, consumer, post) => {
    const offer = await publishOffer(provider, post);
    const negotiate = () => negotiateOnce(consumer, provider, offer);
    for (let i = 0; i < 600; i++) await negotiate(); // to a steady state (decision 0036)
    const profile = cpuProfile(file);
    await profile.start();
    const cpu = process.cpuUsage();
    for (let i = 0; i < count; i++) await negotiate();
    const used = process.cpuUsage(cpu);
    await profile.stop();
    console.log(`${count} negotiations (${identity} identity), CPU ${((used.user + used.system) / 1000 / count).toFixed(2)} ms each; profile in ${file}`);
    summarise(file);
  });
}

/** Self time per package (and per top function), idle and GC apart. */
function summarise(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  /** Native frames count for the nearest JavaScript caller; `ours` is the nearest frame of our own code. */
  const owner = (node: ProfileNode): ProfileNode => {
    let at: ProfileNode | undefined = node;
    while (at && !at.callFrame.url && at.callFrame.functionName && !at.callFrame.functionName.startsWith('(')) at = parent.get(at.id);
    return at ?? node;
  };
  const ours = (node: ProfileNode): string => {
    for (let at: ProfileNode | undefined = node; at; at = parent.get(at.id)) {
      const u = at.callFrame.url;
      if (u.includes('/dist/') && !u.includes('node_modules/')) return `${bucket(u, '')} ${at.callFrame.functionName}`;
    }
    return '(none)';
  };
  const perCaller = new Map<string, number>();
  const perPackage = new Map<string, number>();
  const perFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const dt = profile.timeDeltas[i] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    total += dt;
    const self = owner(node);
    const pkg = bucket(self.callFrame.url, self.callFrame.functionName);
    if (!pkg.includes('/') || pkg.startsWith('@')) perCaller.set(`${pkg} <- ${ours(node)}`, (perCaller.get(`${pkg} <- ${ours(node)}`) ?? 0) + dt);
    const where = pkg;
    perPackage.set(where, (perPackage.get(where) ?? 0) + dt);
    const fn = `${where} ${self.callFrame.functionName || '(anonymous)'}`;
    perFunction.set(fn, (perFunction.get(fn) ?? 0) + dt);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n');
  console.log(
    `\nself time by package (busy ${(total / 1000).toFixed(0)} ms)\n${top(perPackage, 30)}\n\ntop functions\n${top(perFunction, 30)}\n\nlibraries by nearest caller of ours\n${top(perCaller, 40)}`,
  );
}

function bucket(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.startsWith('node:')) return url;
  const dist = url.indexOf('/dist/');
  return dist >= 0
    ? url
        .slice(dist + 6)
        .split('/')
        .slice(0, 2)
        .join('/')
    : url;
}

await main();
