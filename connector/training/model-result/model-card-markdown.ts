import type { ModelCard } from './model-card.js';

const value = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** Pure: the model card for people, one heading per section, each naming its Annex IV point and its evidence. */
export function modelCardMarkdown(card: ModelCard): string {
  const lines = [
    `# Model card: training ${card.trainingId}`,
    '',
    `Model hash \`${card.modelHash}\`. Generated only from credential \`${card.generatedFrom.credential}\`, ${card.generatedFrom.attestations.length} site attestation(s) and ${card.generatedFrom.auditEntries} audit entries.`,
    '',
  ];
  for (const s of card.sections) {
    lines.push(`## ${s.heading} (Annex IV ${s.annexIV})`, '', `Evidence: ${s.evidence.join('; ')}.`, '');
    for (const [key, v] of Object.entries(s.content)) {
      if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'object' && x !== null)) {
        lines.push(`- **${key}**:`);
        for (const item of v)
          lines.push(
            `  - ${Object.entries(item as Record<string, unknown>)
              .map(([k, x]) => `${k}: ${value(x)}`)
              .join(', ')}`,
          );
      } else lines.push(`- **${key}**: ${value(v)}`);
    }
    lines.push('');
  }
  lines.push('## Not generated from evidence', '', ...card.notCovered.map((n) => `- Annex IV ${n.annexIV}: ${n.heading}: for the provider to complete.`), '');
  return lines.join('\n');
}
