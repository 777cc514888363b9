import { validationError } from '../../../core/index.js';
import type { EdcNode } from './edc-node.js';

/** Callback addresses would be accepted and never called: Kontor notifies through its webhooks instead. */
export function refuseCallbacks(node: EdcNode): void {
  if ((node.values('callbackAddresses') ?? []).length > 0)
    throw validationError([{ pointer: '/callbackAddresses', message: "is not supported: subscribe to Kontor's webhooks (/api/v1/webhooks)" }]);
}
