import type { Request } from 'express';
import { ConnectorError } from '../../../core/index.js';
import type { AuditLog } from '../../audit/index.js';
import { trainingEntries } from '../../training/index.js';
import { EXPORT_FORMATS, type ExportFormat } from '../../training/index.js';
import { buildModelCard } from '../../training/index.js';
import { modelCardMarkdown } from '../../training/index.js';
import type { ModelProvenance } from '../../training/index.js';
import type { ModelUse } from '../../training/index.js';
import type { Training } from '../../training/index.js';
import type { DidResolver } from '../../identity/index.js';
import type { StateEntityStore } from '../../statemachine/state-entity-store.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';

/** Only the named query parameters, each at most once: anything else is an error naming it. */
function onlyQuery(req: Request, allowed: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.query)) {
    if (!allowed.includes(key)) throw new ConnectorError('INVALID_QUERY', { detail: `unknown query parameter '${key}' (allowed: ${allowed.join(', ')})` });
    if (typeof value !== 'string') throw new ConnectorError('INVALID_QUERY', { detail: `query parameter '${key}' must be given once` });
    out[key] = value;
  }
  return out;
}

/** The trained model as a governed result (coordinator role): predictions, export, provenance. docs/model-result.md. */
export function modelResultRoutes(deps: {
  use: ModelUse;
  provenance: ModelProvenance;
  trainings: StateEntityStore<Training>;
  validator: RequestValidator;
  resolver: DidResolver | undefined;
  audit: AuditLog;
}): RouteDef[] {
  const provenanceOf = async (id: string) => {
    const t = await deps.trainings.getById(id);
    const found = await deps.provenance.provenanceOf(t.id);
    if (!found) throw new ConnectorError('NOT_FOUND', { detail: `training '${t.id}' has no provenance credential (it is ${t.state}; one is issued when a training completes)` });
    return found;
  };
  return [
    {
      method: 'get',
      path: '/api/v1/trainings/{id}/model-card',
      query: true,
      handler: async (req, res) => {
        const { format = 'json' } = onlyQuery(req, ['format']);
        if (format !== 'json' && format !== 'markdown') throw new ConnectorError('INVALID_QUERY', { detail: `format must be json or markdown, not '${format}'` });
        const found = await provenanceOf(String(req.params.id));
        const agreements = ((found.credential.credentialSubject as { participants?: { agreementId?: string }[] } | undefined)?.participants ?? []).map((p) =>
          String(p.agreementId),
        );
        const card = buildModelCard(found, await trainingEntries(deps.audit, found.trainingId, agreements));
        if (format === 'markdown') res.type('text/markdown; charset=utf-8').send(modelCardMarkdown(card));
        else res.json(card);
      },
    },
    {
      method: 'post',
      path: '/api/v1/trainings/{id}/predictions',
      body: true,
      // Up to 1,000 rows of up to 100 features each (PredictionRequest, TrainingPlan): more members than the usual cap.
      maxJsonMembers: 1000 * (100 + 1) + 2,
      handler: async (req, res) => {
        const body = deps.validator.validate<{ purpose: string; rows: unknown[] }>('PredictionRequest', req.body);
        res.json(await deps.use.predict(String(req.params.id), body));
      },
    },
    {
      method: 'get',
      path: '/api/v1/trainings/{id}/model',
      query: true,
      handler: async (req, res) => {
        const { purpose, format = 'json' } = onlyQuery(req, ['purpose', 'format']);
        if (!purpose) throw new ConnectorError('INVALID_QUERY', { detail: 'purpose is required: the purpose the model is handed out for' });
        if (!(EXPORT_FORMATS as readonly string[]).includes(format))
          throw new ConnectorError('INVALID_QUERY', { detail: `format must be one of ${EXPORT_FORMATS.join(', ')}, not '${format}'` });
        const file = await deps.use.exportModel(String(req.params.id), purpose, format as ExportFormat);
        res.status(200).type('application/json').set('x-kontor-model-sha256', file.sha256).set('x-kontor-model-format', file.format).send(file.bytes);
      },
    },
    {
      method: 'get',
      path: '/api/v1/trainings/{id}/provenance',
      handler: async (req, res) => {
        const found = await provenanceOf(String(req.params.id));
        const signers = [found.credential.issuer, ...found.attestations.map((a) => a.attestation.issuer)].filter((x): x is string => typeof x === 'string');
        const didDocuments: Record<string, unknown> = {};
        for (const did of new Set(signers)) {
          const resolved = await deps.resolver?.resolve(did);
          if (resolved?.ok) didDocuments[did] = resolved.didDocument;
        }
        res.json({ ...found, didDocuments });
      },
    },
  ];
}
