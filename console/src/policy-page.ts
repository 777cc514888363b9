import { api, enc, post } from './api.js';
import { code, field, h, json, table } from './dom.js';
import { busy, outcome, type Page } from './page.js';

interface Template {
  id: string;
  title: string;
  description: string;
  pattern: string;
  parameters: { name: string; type: string; description: string }[];
  example: Record<string, unknown>;
}
interface Validation {
  valid: boolean;
  problems: { pointer: string; message: string }[];
  warnings?: { pointer: string; scope: string; message: string }[];
}
interface Evaluation {
  allowed: boolean;
  problems: { path: string; constraint: string; expected?: unknown; actual?: unknown; message: string }[];
  obligations: unknown[];
  deferred: unknown[];
}

const START = {
  '@type': 'Set',
  permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: 'https://w3id.org/kontor/purpose/research' }] }],
};
const CONTEXT = {
  participantId: 'did:web:consumer.example',
  claims: { membership: { active: true }, credentialTypes: ['MembershipCredential'] },
  purpose: 'https://w3id.org/kontor/purpose/marketing',
};
const show = (value: unknown) => (value === undefined ? '—' : code(JSON.stringify(value)));

/** Write an ODRL policy (from a template or by hand), validate it, and evaluate it dry against a context to see why a constraint fails. */
export const policyPage: Page = async () => {
  const { templates } = await api<{ templates: Template[] }>('/api/v1/policy-templates');
  const out = outcome();
  const choice = h(
    'select',
    { name: 'template' },
    h('option', { value: '' }, '— start from a template —'),
    ...templates.map((t) => h('option', { value: t.id }, `${t.title} (${t.pattern})`)),
  );
  const about = h('p', { class: 'muted', 'aria-live': 'polite' });
  const policy = h('textarea', { name: 'policy', rows: 14, spellcheck: 'false' }, JSON.stringify(START, null, 2));
  const scope = h('select', { name: 'scope' }, ...['catalog', 'negotiation', 'transfer', 'training.round'].map((x) => h('option', { value: x, selected: x === 'negotiation' }, x)));
  const context = h('textarea', { name: 'context', rows: 8, spellcheck: 'false' }, JSON.stringify(CONTEXT, null, 2));
  const validation = h('section', { 'aria-live': 'polite', 'data-testid': 'validation' });
  const evaluation = h('section', { 'aria-live': 'polite', 'data-testid': 'evaluation' });
  const parse = (area: HTMLTextAreaElement, what: string) => {
    try {
      return JSON.parse(area.value) as unknown;
    } catch (error) {
      throw new Error(`${what} is not valid JSON: ${(error as Error).message}`);
    }
  };

  choice.addEventListener('change', () => {
    const t = templates.find((x) => x.id === choice.value);
    if (!t) return;
    about.textContent = `${t.description} Parameters: ${t.parameters.map((p) => `${p.name} (${p.type})`).join(', ') || 'none'}; filled with the template’s example.`;
    post<{ policy: unknown }>(`/api/v1/policy-templates/${enc(t.id)}/instantiate`, { parameters: t.example })
      .then((r) => {
        policy.value = JSON.stringify(r.policy, null, 2);
      })
      .catch((error: unknown) => out.fail(error));
  });
  const validate = h('button', { type: 'button' }, 'Validate');
  validate.addEventListener(
    'click',
    () =>
      void busy(validate, out, async () => {
        const v = await post<Validation>('/api/v1/policies/validate', { policy: parse(policy, 'The policy') });
        validation.replaceChildren(
          h('h2', {}, 'Validation'),
          h('p', { class: v.valid ? 'ok' : 'bad' }, v.valid ? 'The policy is valid.' : 'The policy is not valid.'),
          v.problems.length ? table('Problems', ['Where', 'Problem'], v.problems, (p) => [code(p.pointer), p.message]) : '',
          v.warnings?.length ? table('Warnings', ['Where', 'Scope', 'Warning'], v.warnings, (w) => [code(w.pointer), w.scope, w.message]) : '',
        );
      }),
  );
  const evaluate = h('button', { type: 'button' }, 'Evaluate (dry run)');
  evaluate.addEventListener(
    'click',
    () =>
      void busy(evaluate, out, async () => {
        const e = await post<Evaluation>('/api/v1/policies/evaluate', { policy: parse(policy, 'The policy'), scope: scope.value, context: parse(context, 'The context') });
        evaluation.replaceChildren(
          h('h2', {}, 'Evaluation'),
          h('p', { class: e.allowed ? 'ok' : 'bad', 'data-testid': 'evaluation-verdict' }, e.allowed ? 'Allowed in this context.' : 'Denied in this context.'),
          e.problems.length
            ? table('Why it fails', ['Constraint', 'Expected', 'Actual', 'Reason'], e.problems, (p) => [code(p.constraint || p.path), show(p.expected), show(p.actual), p.message])
            : '',
          e.obligations.length ? h('div', {}, h('h3', {}, 'Obligations'), json(e.obligations)) : '',
          e.deferred.length ? h('div', {}, h('h3', {}, 'Checked later (deferred)'), json(e.deferred)) : '',
        );
      }),
  );
  return [
    h('h1', {}, 'Policy editor'),
    h('form', { 'aria-label': 'Policy' }, field('Template', choice), about, field('Policy (ODRL, JSON)', policy), h('div', { class: 'actions' }, validate), validation),
    h(
      'form',
      { 'aria-label': 'Dry-run evaluation' },
      h('h2', {}, 'Dry run'),
      field('Scope', scope),
      field('Context (JSON)', context, 'The facts the evaluation may read: participant, claims, purpose, time…'),
      h('div', { class: 'actions' }, evaluate),
      evaluation,
    ),
    out.el,
  ];
};
