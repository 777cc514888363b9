import type { ModelCard } from './model-card.js';

/**
 * Pure: text as inert markdown inline content. Control characters and line breaks become spaces (no value can open a
 * line of its own: a heading, a list, a table row); `&`, `<`, `>` become entities (no HTML element or autolink); every
 * ASCII punctuation markdown gives a meaning (`[`, `]`, `#`, `|`, backticks, emphasis, `.` of a `www.` autolink, …) is
 * backslash-escaped.
 */
export function markdownText(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/[\\`*_{}[\]()#+\-.!|~]/g, '\\$&')
  );
}

const value = (v: unknown): string => markdownText(typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)));

/**
 * Pure: the model card for people, one heading per section, each naming its Annex IV point and its evidence. Every value
 * from the evidence (ids, keys, contents, a site's words) is escaped (markdownText); the headings are this file's own.
 */
export function modelCardMarkdown(card: ModelCard): string {
  const lines = [
    `# Model card: training ${value(card.trainingId)}`,
    '',
    `Model hash ${value(card.modelHash)}. Generated only from credential ${value(card.generatedFrom.credential)}, ${card.generatedFrom.attestations.length} site attestation(s) and ${card.generatedFrom.auditEntries} audit entries.`,
    '',
  ];
  for (const s of card.sections) {
    lines.push(`## ${s.heading} (Annex IV ${s.annexIV})`, '', `Evidence: ${s.evidence.map(value).join('; ')}.`, '');
    for (const [key, v] of Object.entries(s.content)) {
      if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'object' && x !== null)) {
        lines.push(`- **${value(key)}**:`);
        for (const item of v)
          lines.push(
            `  - ${Object.entries(item as Record<string, unknown>)
              .map(([k, x]) => `${value(k)}: ${value(x)}`)
              .join(', ')}`,
          );
      } else lines.push(`- **${value(key)}**: ${value(v)}`);
    }
    lines.push('');
  }
  lines.push('## Not generated from evidence', '', ...card.notCovered.map((n) => `- Annex IV ${n.annexIV}: ${n.heading}: for the provider to complete.`), '');
  return lines.join('\n');
}
