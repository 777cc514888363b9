import { notFound } from '../../core/index.js';
import { CATENA_X_TEMPLATES } from './catena-x-templates.js';
import { FEDERATED_TRAINING_TEMPLATE } from './federated-training-template.js';
import { IDS_DUTY_TEMPLATES } from './ids-duty-templates.js';
import { IDS_USAGE_TEMPLATES } from './ids-usage-templates.js';
import type { PolicyTemplate } from './policy-template.js';

/** Every built-in policy template, in listing order. Ids are unique (checked by a test). */
export const POLICY_TEMPLATES: readonly PolicyTemplate[] = [...IDS_USAGE_TEMPLATES, ...IDS_DUTY_TEMPLATES, ...CATENA_X_TEMPLATES, FEDERATED_TRAINING_TEMPLATE];

/** The template with this id, or `ConnectorError('NOT_FOUND')`. */
export function findPolicyTemplate(id: string): PolicyTemplate {
  const t = POLICY_TEMPLATES.find((x) => x.id === id);
  if (!t) throw notFound('policy template', id);
  return t;
}
