import { api } from './api.js';
import { code, facts, h, json, table } from './dom.js';
import { busy, outcome, type Page } from './page.js';

interface Entry {
  seq: number;
  at: string;
  type: string;
  actor: string;
  agreementId?: string;
  data: unknown;
  hash: string;
}
interface Verification {
  ok: boolean;
  entriesChecked: number;
  headSeq: number;
  headHash: string;
  problem?: { seq?: number; kind?: string; detail?: string };
  verifiedAt: string;
}

const LIMIT = 50;

/** The audit log, a page at a time, and the verification of its hash chain. */
export const auditPage: Page = async (ctx) => {
  const offset = Math.max(0, Number(ctx.query.get('offset') ?? 0) || 0);
  const page = await api<{ items: Entry[]; total: number }>(`/api/v1/audit?offset=${offset}&limit=${LIMIT}`);
  const out = outcome();
  const result = h('section', { 'aria-live': 'polite' });
  const verify = h('button', { type: 'button' }, 'Verify the chain');
  verify.addEventListener(
    'click',
    () =>
      void busy(verify, out, async () => {
        const v = await api<Verification>('/api/v1/audit/verify');
        result.replaceChildren(
          h(
            'p',
            { class: v.ok ? 'ok' : 'bad', 'data-testid': 'audit-verdict' },
            v.ok
              ? `The chain is intact: ${v.entriesChecked} entries checked.`
              : `The chain is broken at entry ${v.problem?.seq ?? '?'}: ${v.problem?.kind ?? ''} ${v.problem?.detail ?? ''}`,
          ),
          facts([
            ['Head entry', String(v.headSeq)],
            ['Head hash', code(v.headHash)],
            ['Verified at', v.verifiedAt],
          ]),
        );
      }),
  );
  const nav = h(
    'div',
    { class: 'actions' },
    offset > 0 ? h('a', { href: `#/audit?offset=${Math.max(0, offset - LIMIT)}` }, '← Previous entries') : null,
    offset + LIMIT < page.total ? h('a', { href: `#/audit?offset=${offset + LIMIT}` }, 'Next entries →') : null,
  );
  return [
    h('h1', {}, 'Audit log'),
    h('div', { class: 'actions' }, verify),
    out.el,
    result,
    h('h2', {}, `Entries ${page.items.length ? `${offset + 1}–${offset + page.items.length}` : ''} of ${page.total}`),
    table('Audit entries', ['#', 'At', 'Type', 'Actor', 'Agreement', 'Data'], page.items, (e) => [
      String(e.seq),
      e.at,
      e.type,
      code(e.actor),
      e.agreementId ? code(e.agreementId) : '—',
      h('details', {}, h('summary', {}, 'data'), json(e.data)),
    ]),
    nav,
  ];
};
