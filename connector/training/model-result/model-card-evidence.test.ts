import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../audit/index.js';
import { buildModelCard } from './model-card.js';
import { modelCardMarkdown } from './model-card-markdown.js';
import { modelArtifactName } from './training-receipts.js';

const SITES = [
  { siteDid: 'did:web:a.example', agreementId: 'urn:uuid:a1' },
  { siteDid: 'did:web:b.example', agreementId: 'urn:uuid:a2' },
];
const provenance = (refusals: { siteDid: string; reason: string }[] = []) => ({
  trainingId: 'urn:uuid:t2',
  credential: { id: 'urn:uuid:c2', issuer: 'did:web:coordinator.example', credentialSubject: { modelHash: 'h', participants: SITES } },
  attestations: [],
  refusals,
});
let seq = 0;
const entry = (type: string, agreementId: string, data: Record<string, unknown>): AuditEntry =>
  ({ seq: ++seq, at: '2027-01-01T00:00:00Z', type, agreementId, subject: 'urn:uuid:t2', actor: 'did:web:coordinator.example', prevHash: '', hash: '', data }) as AuditEntry;
/** What model-use.ts writes for one request: one entry per site, `counted` only when every site permitted. */
const request = (action: string, decisions: ('permit' | 'deny')[]) =>
  SITES.map((s, i) =>
    entry('model.use', s.agreementId, { trainingId: 'urn:uuid:t2', action, siteDid: s.siteDid, decision: decisions[i], counted: decisions.every((x) => x === 'permit') }),
  );
const receipt = (agreementId: string, trainingId: string) =>
  entry('deletion', agreementId, {
    receipt: { id: `urn:uuid:r-${trainingId}`, credentialSubject: { agreement: agreementId, deletedArtifacts: [{ artifactName: modelArtifactName(trainingId) }] } },
  });
const section = (card: ReturnType<typeof buildModelCard>, annexIV: string) => card.sections.find((s) => s.annexIV === annexIV)?.content ?? {};

describe('the model card, from the evidence', () => {
  it('should count requests, not per-site entries: one permitted prediction and one refused export', () => {
    const card = buildModelCard(provenance(), [...request('predict', ['permit', 'permit']), ...request('export', ['permit', 'deny'])]);
    expect(section(card, '3').uses).toEqual({ predictionsPermitted: 1, exportsPermitted: 0, denied: 1 });
  });

  it("should not call the model deleted for another training's receipt under the same agreements", () => {
    const other = buildModelCard(provenance(), [receipt('urn:uuid:a1', 'urn:uuid:t1')]);
    expect(section(other, '6')).toEqual({ receipts: [], modelDeleted: false });
    const own = buildModelCard(provenance(), [receipt('urn:uuid:a1', 'urn:uuid:t2')]);
    expect(section(own, '6')).toMatchObject({ modelDeleted: true, receipts: [{ id: 'urn:uuid:r-urn:uuid:t2' }] });
  });

  it("should write a site's refusal reason as inert text: no heading, link, table cell or HTML element", () => {
    const hostile = 'no\n\n## Injected\n<script>alert(1)</script> [click](https://evil.example) | cell | `code` # x';
    const text = modelCardMarkdown(buildModelCard(provenance([{ siteDid: 'did:web:b.example\n# Mallory', reason: hostile }]), []));
    const headings = text.split('\n').filter((l) => /^\s{0,3}#/.test(l));
    expect(headings).toHaveLength(1 + 8 + 1); // the title, the eight sections, the part not generated
    expect(headings.join('\n')).not.toMatch(/Injected|Mallory/);
    expect(headings).toContain('## Intended purpose and the agreements that bound it (Annex IV 1(a))');
    const line = text.split('\n').find((l) => l.includes('Injected')) ?? '';
    expect(line).toContain('&lt;script&gt;');
    expect(line).not.toMatch(/<|>|(?<!\\)[[\]|`#]/);
    expect(text).not.toMatch(/^#+ Mallory/m);
  });
});
