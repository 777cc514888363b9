/**
 * Why the demo fails on its accuracy, or undefined when it passes: federated training may beat the centralized
 * baseline by any margin, but may fall short of it by at most `tolerance` (a fraction: 0.02 is 2 points). An accuracy
 * that is not a number (no round reported one) fails too.
 */
export function accuracyShortfall(federated: number, centralized: number, tolerance: number): string | undefined {
  if (federated >= centralized - tolerance) return undefined;
  const points = (v: number) => `${(v * 100).toFixed(1)} %`;
  return `federated accuracy ${points(federated)} falls more than ${Math.round(tolerance * 100)} points below centralized ${points(centralized)}`;
}
