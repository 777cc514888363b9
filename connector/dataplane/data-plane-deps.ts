import type { Asset } from '../../catalog/index.js';
import type { Clock, Logger } from '../../core/index.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import type { StateEntityStore } from '../statemachine/state-entity-store.js';
import type { TransferPolicy } from '../transfer/index.js';
import type { TransferProcess } from '../transfer/index.js';
import type { DataFlowRegistry } from './data-flow-registry.js';
import type { DataTokens } from './data-token.js';
import type { BackendAuth } from './httpdata/backend-auth.js';

/** What the provider's data plane needs (built once in the composition root). */
export interface DataPlaneDeps {
  transfers: StateEntityStore<TransferProcess>;
  findAsset(id: string): Promise<Asset | undefined>;
  policy: TransferPolicy;
  tokens: DataTokens;
  auth: PeerAuth;
  registry: DataFlowRegistry;
  clock: Clock;
  logger: Logger;
  /** The data plane's public base URL, e.g. `https://provider.example/api/data`. */
  baseUrl: string;
  /** Directory that `File` data addresses must stay inside; undefined refuses them. */
  fileRoot: string | undefined;
  /** An HttpData backend's longest wait for its answer and between two chunks of its body (dataPlane.sourceTimeoutMs). */
  sourceTimeoutMs: number;
  /** How long a push waits on its destination: to take data, and to answer once the body ended (dataPlane.pushTimeoutMs). */
  pushTimeoutMs: number;
  /** How HttpData backends are authenticated (secret references, OAuth2 client credentials). */
  backendAuth: BackendAuth;
  /** Push destinations (the consumer names them) pass this policy. */
  outbound: OutboundPolicy;
}
