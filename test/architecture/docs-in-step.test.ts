import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ERROR_CODE_LIST } from '../../core/index.js';
import { STATUS_BY_KIND } from '../../connector/http/problem-details.js';
import { renderConfigDocs } from '../../connector/config/render-config-docs.js';
import { dspStatus } from '../../connector/http/dsp-error-status.js';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('docs/errors.md', () => {
  const rows = new Map([...read('docs/errors.md').matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]));

  it('should document every error code with its status', () => {
    for (const code of ERROR_CODE_LIST) expect(rows.get(code), code).toBe(STATUS_BY_KIND[ERROR_CODES[code].kind]);
  });

  it('should document the DSP status of every code as the one DSP status table gives it', () => {
    const dsp = new Map([...read('docs/errors.md').matchAll(/^\| `([A-Z_]+)` \| \d{3} \| (\d{3})(?: \/ (\d{3}))? \|/gm)].map((m) => [m[1], [Number(m[2]), Number(m[3] ?? m[2])]]));
    for (const code of ERROR_CODE_LIST) {
      expect(dsp.get(code), code).toEqual([dspStatus(code, 'negotiation'), dspStatus(code, 'catalog')]);
      expect(dspStatus(code, 'transfer'), code).toBe(dspStatus(code, 'negotiation'));
    }
  });

  it('should document no code that does not exist', () => {
    expect([...rows.keys()].filter((c) => !ERROR_CODE_LIST.includes(c as never))).toEqual([]);
  });

  it('should keep the number of codes pinned (update this when adding one, with its docs)', () => {
    expect(ERROR_CODE_LIST).toHaveLength(34);
  });
});

describe('docs/config.md', () => {
  it('should be generated from the schema (run `npm run gen:config-docs` when this fails)', () => {
    expect(read('docs/config.md')).toBe(renderConfigDocs());
  });
});
