/**
 * A JSON document as tests read it: any member, to any depth, without a cast at each step. Tests only; a wrong path
 * fails the assertion that reads it. Production code reads JSON as `unknown` and checks it.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests walk free-form JSON(-LD) answers; `unknown` would need a cast at every step of every path
export type LooseJson = Record<string, any>;
