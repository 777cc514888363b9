export * from './cluster-event.js';
export * from './cluster-event-handlers.js';
export * from './create-cluster-bus.js';
export * from './local-cluster-bus.js';
export * from './pg-cluster-bus.js';
