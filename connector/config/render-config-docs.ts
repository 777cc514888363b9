import { CONFIG_SCHEMA, type Setting } from './config-schema.js';

/** Renders docs/config.md from the schema. test/architecture/config-documented.test.ts keeps the file in step. */
export function renderConfigDocs(schema: readonly Setting[] = CONFIG_SCHEMA): string {
  const lines = [
    '<!-- Generated from connector/config/config-schema.ts by `npm run gen:config-docs`. Do not edit by hand. -->',
    '# Configuration',
    '',
    'Kontor reads its settings from, in increasing precedence: the defaults below, a JSON file given with',
    '`--config FILE` (nested objects, e.g. `{"managementApi": {"port": 8181}}`), and the environment variables below.',
    'In the file a value has its JSON type (`8181`, `true`, `["a", "b"]`; not `"8181"`), and a setting given twice',
    '(a repeated name, or both nested and dotted) is a problem; environment variables are text and are read as the type.',
    'Every problem is reported at once at start-up, and the process exits non-zero. An environment variable that',
    'starts with `KONTOR_` and names no setting is one of them (a misspelt name would otherwise be ignored); only',
    "`KONTOR_TEST_…`, `KONTOR_BENCH_…` and `KONTOR_DSP_SCHEMAS`, which belong to the project's own test runs, are left alone.",
    'An environment variable set to the empty string counts as given: a list setting becomes empty (overriding the',
    "file's list), any other setting reports it as a problem; unset the variable to use the file's value or the default.",
    '',
    'Secrets (marked below) are never accepted from the JSON file: set the environment variable, or point the',
    'matching `…File` setting at a file that holds the secret, not both. Secrets never appear in logs or responses.',
    '',
    '| key | env | type | default | description |',
    '|---|---|---|---|---|',
  ];
  for (const s of schema) {
    const type = s.values ? s.values.map((v) => `\`${v}\``).join(' \\| ') : `${s.type}${formatRange(s)}`;
    const secret = s.secret ? ` **Secret**; or \`${s.secret.fileKey}\`.` : s.sensitive ? ' Shown redacted, like a secret.' : '';
    lines.push(`| \`${s.key}\` | \`${s.env}\` | ${type} | ${formatDefault(s.default)} | ${escapePipes(s.description)}.${secret} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** An integer's bounds, as the loader enforces them: ` 1024–104857600`, ` ≥ 0`, ` ≤ 10`. */
export function formatRange(s: Pick<Setting, 'min' | 'max'>): string {
  if (s.min !== undefined && s.max !== undefined) return ` ${s.min}–${s.max}`;
  if (s.min !== undefined) return ` ≥ ${s.min}`;
  if (s.max !== undefined) return ` ≤ ${s.max}`;
  return '';
}

function formatDefault(value: Setting['default']): string {
  if (value === null) return '—';
  if (Array.isArray(value)) return value.length ? `\`${value.join(',')}\`` : '(empty)';
  return `\`${String(value)}\``;
}

function escapePipes(text: string): string {
  return text.replace(/\|/g, '\\|');
}
