import { ConnectorError } from '../../../core/index.js';
import type { PolicyEngine } from '../../../policy/index.js';
import type { PolicyCheck } from './policies-routes.js';

/**
 * The check a stored policy definition passes (both management APIs): the policy engine reads it, and a policy
 * without any rule is refused. Such a policy grants nothing in Kontor, but EDC writes its allow-all that way
 * (`permission: []`), so accepting it would deny everything in silence. Kontor's allow-all is a permission to use
 * without constraints; the EDC v3 layer translates EDC's empty Set into it.
 */
export function policyDefinitionCheck(engine: PolicyEngine): PolicyCheck {
  return (json) => {
    const policy = engine.parse(json);
    if (policy.permissions.length + policy.prohibitions.length + policy.obligations.length > 0) return;
    const message = 'has no rule: an empty policy grants nothing in Kontor. To allow everything (EDC\'s empty Set), write {"permission": [{"action": "use"}]}';
    throw new ConnectorError('POLICY_INVALID', { detail: `/: ${message}`, violations: [{ pointer: '', message }] });
  };
}
