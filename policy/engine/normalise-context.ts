import { toEpochMs } from '../model/date-time.js';
import { NS, expandIri } from '../model/iri.js';
import { CX_ACCESS } from '../model/action-vocabulary.js';
import type { EvaluationContext } from './evaluation-context.js';
import type { Problem } from './evaluation-result.js';
import { isPolicyScope } from './policy-scope.js';

export interface NormalisedContext {
  now: number;
  agreementStart: number | undefined;
  action: string;
  target: string | undefined;
}

/** Checks the request's own fields; any problem here denies before a rule is looked at. */
export function normaliseContext(context: EvaluationContext): NormalisedContext | Problem[] {
  const problems: Problem[] = [];
  const bad = (field: string, message: string): void => {
    problems.push({ path: '', constraint: `context.${field}`, actual: (context as unknown as Record<string, unknown>)[field], message });
  };
  if (!isPolicyScope(context.scope)) bad('scope', 'scope must be one of catalog, negotiation, transfer, training.round');
  const now = toEpochMs(context.now);
  if (now === undefined) bad('now', 'now must be epoch milliseconds or an xsd:dateTime');
  const agreementStart = context.agreementStart === undefined ? undefined : toEpochMs(context.agreementStart);
  if (context.agreementStart !== undefined && agreementStart === undefined) bad('agreementStart', 'agreementStart must be epoch milliseconds or an xsd:dateTime');
  if (context.action !== undefined && typeof context.action !== 'string') bad('action', 'action must be a string');
  if (context.target !== undefined && typeof context.target !== 'string') bad('target', 'target must be a string');
  if (problems.length > 0 || now === undefined) return problems;
  const action = typeof context.action === 'string' ? expandIri(context.action, undefined, NS.odrl) : context.scope === 'catalog' ? CX_ACCESS : `${NS.odrl}use`;
  return { now, agreementStart, action, target: typeof context.target === 'string' ? expandIri(context.target) : undefined };
}
