export * from './errors.js';
export * from './error-codes.js';
export * from './clock.js';
export * from './ids.js';
export * from './logger.js';
export * from './events.js';
export * from './json-pointer.js';
export * from './make-folders.js';
