/** `npm run bench -- NAME`: runs one benchmark (or all) and prints its figures as ratios against in-run baselines. */
const BENCHES: Record<string, () => Promise<void>> = {
  store: async () => (await import('./store-bench.js')).run(),
  identity: async () => (await import('./identity-bench.js')).run(),
  negotiation: async () => (await import('./negotiation-bench.js')).run(),
  training: async () => (await import('./training-bench.js')).run(),
  'secure-aggregation': async () => (await import('./secure-aggregation-bench.js')).run(),
  policy: async () => (await import('./policy-bench.js')).run(),
  catalog: async () => (await import('./catalog-bench.js')).run(),
  transfer: async () => (await import('./transfer-bench.js')).run(),
  'csv-memory': async () => (await import('./csv-memory-bench.js')).run(),
  'model-result': async () => (await import('./model-result-bench.js')).run(),
};

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || name === '--help') {
    console.log(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}|all>`);
    process.exitCode = name ? 0 : 1;
    return;
  }
  const selected = name === 'all' ? Object.keys(BENCHES) : [name];
  for (const n of selected) {
    const bench = BENCHES[n];
    if (!bench) {
      console.error(`unknown benchmark '${n}'; known: ${Object.keys(BENCHES).join(', ')}`);
      process.exitCode = 1;
      return;
    }
    await bench();
  }
}

await main();
