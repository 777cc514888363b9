/** One labelled example: a feature vector and a class index in 0 … classes−1. */
export interface Example {
  readonly x: Float64Array;
  readonly y: number;
}

/** What a model is: kind and the dimensions its parameter vector has (part of the model hash). */
export interface ModelSpec {
  readonly kind: 'softmax-regression';
  readonly features: number;
  readonly classes: number;
}

/**
 * A model behind a small interface, so that FedAvg and local training do not depend on one architecture.
 * Parameters are one flat Float64Array; `shape` describes how it is laid out. Every function is pure:
 * it reads the parameters it is given and never keeps them.
 */
export interface Model {
  readonly spec: ModelSpec;
  /** The layout of the parameter vector, e.g. [classes, features + 1]; its product is `parameterCount`. */
  readonly shape: readonly number[];
  readonly parameterCount: number;
  /** The starting parameters (all zeros for a convex model, so runs are reproducible). */
  initialParameters(): Float64Array;
  /** Class probabilities for one feature vector. */
  probabilities(params: Float64Array, x: Float64Array): Float64Array;
  /** The most likely class. */
  predict(params: Float64Array, x: Float64Array): number;
  /** Mean loss over the examples. */
  loss(params: Float64Array, examples: readonly Example[]): number;
  /** Gradient of the mean loss over the examples. */
  gradient(params: Float64Array, examples: readonly Example[]): Float64Array;
  /** Share of examples predicted correctly (0 for an empty list). */
  accuracy(params: Float64Array, examples: readonly Example[]): number;
}
