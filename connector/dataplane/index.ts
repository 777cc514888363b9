export { DataFlowRegistry, PushInterrupted, type FlowKind } from './data-flow-registry.js';
export { interruptPushesAfter } from './push-shutdown.js';
export { createDataPlane, DATA_PLANE_PATH } from './data-plane.js';
export { dataTokens } from './data-token.js';
export { backendAuth } from './httpdata/backend-auth.js';
export { HEADER_PREFIX } from './httpdata/http-data-options.js';
export { parseHttpData } from './httpdata/http-data-parse.js';
export { checkFileAddress, FILE_OPTIONS } from './file-address.js';
