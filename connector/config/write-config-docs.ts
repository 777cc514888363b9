import { writeFileSync } from 'node:fs';
import { renderConfigDocs } from './render-config-docs.js';

/** `npm run gen:config-docs`: regenerates docs/config.md. */
const target = process.argv[2] ?? 'docs/config.md';
writeFileSync(target, renderConfigDocs());
console.log(`wrote ${target}`);
